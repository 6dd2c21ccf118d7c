package main

// Booting and stopping a VM's simulated Windows. vcsim 0.24.2 changes nothing but the power state when a VM is
// powered on or off (simulator/virtual_machine.go, powerVMTask.Run): guest.toolsRunningStatus keeps whatever it
// had, so a VM that was off stays "Tools not running" for ever after its power-on, and a VM powered off keeps
// reporting Tools running. ESXi reports guestToolsNotRunning for a VM that is off, and guestToolsRunning once the
// booted guest has started VMware Tools (vSphere API reference, vim.vm.GuestInfo.toolsRunningStatus). The watcher
// below gives every VM that: Tools stop at power-off, and start a boot time after every power-on from off, for a
// VM of the scenario as for a clone made while the simulator runs.

import (
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// bootTime is how long a VM takes from its power-on until VMware Tools runs in its guest.
const bootTime = 200 * time.Millisecond

// powerWatcher sees every power state change: powering a VM on boots its Windows, so what waited for a
// restart is done then too, and starts its Tools a boot time later; powering it off ends its programs and Tools.
type powerWatcher struct{}

func (powerWatcher) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "ProvisionPowerWatcher", Value: "provision-power-watcher"}
}

func (powerWatcher) PutObject(mo.Reference) {}

func (powerWatcher) RemoveObject(types.ManagedObjectReference) {}

// UpdateObject runs inside the call that changed the VM, with the VM's lock held: it may write the VM's fields,
// but anything that has to take that lock again runs later (bootVM).
func (powerWatcher) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	vm, ok := obj.(*mo.VirtualMachine)
	if !ok {
		return
	}
	ref := vm.Reference()
	for _, c := range changes {
		if c.Name == "config.tools.pendingCustomization" && c.Val == "" {
			customized.Store(ref.Value, true) // vcsim applied a customization during this power-on
		}
		if c.Name != "runtime.powerState" {
			continue
		}
		boots := nextBoot(ref)
		switch c.Val {
		case types.VirtualMachinePowerStatePoweredOn:
			if g, has := existingGuest(ref); has {
				g.mu.Lock()
				g.boot()
				g.mu.Unlock()
			}
			setToolsStatus(vm, false) // the guest is booting: its Tools are not up yet
			bootVM(ref, boots)
		case types.VirtualMachinePowerStatePoweredOff:
			if g, has := existingGuest(ref); has {
				g.mu.Lock()
				g.processes = map[int64]*process{}
				g.mu.Unlock()
			}
			setToolsStatus(vm, false)
		}
	}
}

func existingGuest(ref types.ManagedObjectReference) (*guest, bool) {
	guests.Lock()
	defer guests.Unlock()
	g, ok := guests.byVM[ref.Value]
	return g, ok
}

func setToolsStatus(vm *mo.VirtualMachine, running bool) {
	status := types.VirtualMachineToolsRunningStatusGuestToolsNotRunning
	if running {
		status = types.VirtualMachineToolsRunningStatusGuestToolsRunning
	}
	vm.Guest.ToolsRunningStatus = string(status)
	if vm.Summary.Guest != nil {
		vm.Summary.Guest.ToolsRunningStatus = string(status)
	}
}

// customized holds the VMs whose pending customization vcsim applied at their last power-on.
var customized sync.Map

// powerChanges counts each VM's power state changes, so that a boot finishing late does not start the Tools of
// a VM that has been powered off (and maybe on again) since.
var powerChanges = struct {
	sync.Mutex
	byVM map[string]int
}{byVM: map[string]int{}}

func nextBoot(ref types.ManagedObjectReference) int {
	powerChanges.Lock()
	defer powerChanges.Unlock()
	powerChanges.byVM[ref.Value]++
	return powerChanges.byVM[ref.Value]
}

func stillBoot(ref types.ManagedObjectReference, boot int) bool {
	powerChanges.Lock()
	defer powerChanges.Unlock()
	return powerChanges.byVM[ref.Value] == boot
}

// bootVM plays the end of a VM's boot: a clone made while the simulator runs gets its template's Windows
// (guestclone.go) at its first one, VMware Tools starts, and a customization vcsim applied at this power-on
// reports its events, as the guest's Tools would. It runs later, outside the power task's lock on the VM.
func bootVM(ref types.ManagedObjectReference, boot int) {
	time.AfterFunc(bootTime, func() {
		vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		if !ok {
			return
		}
		seedCloneGuest(vm)
		on := false
		simulator.Map.WithLock(vm, func() {
			on = vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn && stillBoot(ref, boot)
			if on {
				setToolsRunning(vm, true)
			}
		})
		if _, was := customized.LoadAndDelete(ref.Value); was && on {
			simulator.PostCustomizationEvents(vm, false)
		}
	})
}
