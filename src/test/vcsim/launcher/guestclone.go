package main

// A clone's simulated Windows. A clone copies its source's disks, so the Windows inside is the template's: the
// same account, edition, build and optional features (a sysprep customization renames the computer, it does not
// enable features). vcsim keeps no guest and records the source of a clone only in the VmClonedEvent it posts
// (simulator/virtual_machine.go, CloneVMTask), so the launcher finds the source there.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// seedCloneGuest gives a clone a copy of its source's simulated Windows, if the source has one.
func seedCloneGuest(clone *simulator.VirtualMachine) {
	source, ok := cloneSource(clone.Self)
	if !ok {
		return
	}
	var name string
	simulator.Map.WithLock(clone, func() { name = clone.Name })
	guests.Lock()
	defer guests.Unlock()
	if _, seeded := guests.byVM[clone.Self.Value]; seeded {
		return
	}
	if from, has := guests.byVM[source.Value]; has {
		guests.byVM[clone.Self.Value] = from.copyFor(name)
	}
}

// cloneSource is the VM a clone was made from, read from the VmClonedEvent vcsim posted for it.
func cloneSource(clone types.ManagedObjectReference) (types.ManagedObjectReference, bool) {
	em := simulator.Map.EventManager()
	filter := types.EventFilterSpec{
		Entity:      &types.EventFilterSpecByEntity{Entity: clone, Recursion: types.EventFilterSpecRecursionOptionSelf},
		EventTypeId: []string{"VmClonedEvent"},
	}
	var events []types.BaseEvent
	simulator.Map.WithLock(em, func() {
		res := em.QueryEvents(&simulator.Context{}, &types.QueryEvents{This: em.Self, Filter: filter})
		if body, ok := res.(*methods.QueryEventsBody); ok && body.Res != nil {
			events = body.Res.Returnval
		}
	})
	for _, e := range events {
		if cloned, ok := e.(*types.VmClonedEvent); ok {
			return cloned.SourceVm.Vm, true
		}
	}
	return types.ManagedObjectReference{}, false
}

// copyFor is this Windows as a clone named vmName starts it: the same installation, a fresh boot, its own name.
func (g *guest) copyFor(vmName string) *guest {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := newGuest(vmName)
	c.username, c.password, c.admin = g.username, g.password, g.admin
	c.edition, c.build = g.edition, g.build
	for name, state := range g.features {
		c.features[name] = state
	}
	c.rebootPending, c.launchType = g.rebootPending, g.launchType
	c.wslVersion, c.distroVersion, c.dockerDesktop, c.utf16 = g.wslVersion, g.distroVersion, g.dockerDesktop, g.utf16
	c.distros = append([]string(nil), g.distros...)
	c.processTime, c.rebootTime, c.shutdownTime = g.processTime, g.rebootTime, g.shutdownTime
	c.boot() // the clone's first boot finishes what the source had pending
	return c
}
