package simulator

// provision: added to a private copy of govmomi 0.24.2's simulator package by src/test/vcsim/build.sh.
//
// This vcsim has no VirtualMachine.RebootGuest (the call ends in MethodNotFound), and the simulator
// dispatches a SOAP call by reflection to a method of the object's own Go type, so the method has to live in
// this package. What a guest restart does to the simulated guest is the launcher's business: it sets
// RebootGuestHook.

import (
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// RebootGuestHook restarts the guest OS of vm; it runs with the VM's lock held, and returns a fault or nil.
var RebootGuestHook func(ctx *Context, vm *VirtualMachine) types.BaseMethodFault

// RebootGuest asks the guest OS to restart, as VMware Tools does: the call returns at once, the guest takes
// its time.
func (vm *VirtualMachine) RebootGuest(ctx *Context, req *types.RebootGuest) soap.HasFault {
	body := new(methods.RebootGuestBody)
	if RebootGuestHook == nil {
		body.Fault_ = Fault("RebootGuest is not simulated by this launcher", new(types.NotSupported))
		return body
	}
	if fault := RebootGuestHook(ctx, vm); fault != nil {
		body.Fault_ = Fault("", fault)
		return body
	}
	body.Res = new(types.RebootGuestResponse)
	return body
}
