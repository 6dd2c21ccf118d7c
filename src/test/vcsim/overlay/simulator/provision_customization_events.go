package simulator

// provision: added to a private copy of govmomi 0.24.2's simulator package by src/test/vcsim/build.sh.
//
// This vcsim applies a pending guest customization when a VM powers on (virtual_machine.go, customize) but posts
// none of the events vCenter posts for it: CustomizationStartedEvent when VMware Tools in the guest starts the
// customization, then CustomizationSucceeded or a CustomizationFailed event when it ends (vSphere API reference,
// vim.event.CustomizationEvent and its subtypes; terraform-provider-vsphere waits for the same two). Event
// posting needs the package's unexported VM event helper, so it lives here; the launcher decides when.

import (
	"github.com/vmware/govmomi/vim25/types"
)

// PostCustomizationEvents posts what the guest's customization reported: started, then succeeded or failed.
func PostCustomizationEvents(vm *VirtualMachine, failed bool) {
	ctx := &Context{Session: &Session{UserSession: types.UserSession{UserName: "vcsim"}}}
	var event types.VmEvent
	Map.WithLock(vm, func() { event = vm.event() })
	custom := types.CustomizationEvent{VmEvent: event, LogLocation: "C:\\Windows\\Temp\\vmware-imc\\guestcust.log"}
	var end types.BaseEvent = &types.CustomizationSucceeded{CustomizationEvent: custom}
	if failed {
		end = &types.CustomizationSysprepFailed{CustomizationFailed: types.CustomizationFailed{CustomizationEvent: custom},
			SysprepVersion: "", SystemVersion: ""}
	}
	ctx.postEvent(&types.CustomizationStartedEvent{CustomizationEvent: custom}, end)
}
