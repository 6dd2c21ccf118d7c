package simulator

// provision: added to a private copy of govmomi 0.24.2's simulator package by src/test/vcsim/build.sh,
// together with simulator-shutdown-guest.patch, which makes VirtualMachine.ShutdownGuest call in here.
//
// This vcsim powers a VM off the instant ShutdownGuest arrives. A real Windows takes its time, and a guest that
// finishes just after provision's shutdownTimeout is what the tests of that race need: ShutdownGuestDelayHook
// lets the launcher say how long each guest takes.

import (
	"time"

	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// ShutdownGuestDelayHook says how long the guest OS of vm takes to shut down; 0 keeps vcsim's instant power-off.
// It runs with the VM's lock held.
var ShutdownGuestDelayHook func(vm *VirtualMachine) time.Duration

func (vm *VirtualMachine) provisionShutdownDelay() time.Duration {
	if ShutdownGuestDelayHook == nil {
		return 0
	}
	return ShutdownGuestDelayHook(vm)
}

// provisionShutdownLater answers at once, as VMware Tools does, and powers the VM off when the guest is done
// (unless something else powered it off first, e.g. a hard power-off).
func (vm *VirtualMachine) provisionShutdownLater(delay time.Duration) soap.HasFault {
	time.AfterFunc(delay, func() {
		Map.WithLock(vm, func() {
			if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
				return
			}
			vm.Runtime.PowerState = types.VirtualMachinePowerStatePoweredOff
			vm.Summary.Runtime.PowerState = types.VirtualMachinePowerStatePoweredOff
			vm.run.stop(vm)
			Map.Update(vm, []types.PropertyChange{
				{Name: "runtime.powerState", Val: types.VirtualMachinePowerStatePoweredOff},
				{Name: "summary.runtime.powerState", Val: types.VirtualMachinePowerStatePoweredOff},
			})
		})
	})
	return &methods.ShutdownGuestBody{Res: new(types.ShutdownGuestResponse)}
}
