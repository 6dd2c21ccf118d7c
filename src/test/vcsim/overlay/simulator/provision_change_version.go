package simulator

// provision: added to a private copy of govmomi 0.24.2's simulator package by src/test/vcsim/build.sh, together
// with simulator-change-version.patch, which makes VirtualMachine.ReconfigVMTask call in here.
//
// vSphere's VirtualMachineConfigSpec.changeVersion is a compare-and-set: "If changeVersion is set, the
// reconfiguration only succeeds if the current changeVersion of the VM matches; otherwise a ConcurrentAccess
// fault is thrown" (vSphere Web Services API reference, data object vim.vm.ConfigSpec, property changeVersion;
// ReconfigVM_Task lists ConcurrentAccess among its faults). vcsim 0.24.2 never sets config.changeVersion and
// ignores the spec's, so two writers both win here where vCenter lets only one. provision takes its per-VM lease
// with that compare-and-set; this gives vcsim the same rule.

import (
	"strconv"
	"sync/atomic"

	"github.com/vmware/govmomi/vim25/types"
)

var provisionChangeCounter int64

// ProvisionInitChangeVersion gives a VM the changeVersion vCenter always reports (the launcher calls it for every VM).
func ProvisionInitChangeVersion(vm *VirtualMachine) {
	vm.provisionNextChangeVersion()
}

// provisionCheckChangeVersion runs under the VM's lock (vcsim locks the object a method is called on), so a check
// and the configure after it cannot interleave with another reconfigure of the same VM.
func (vm *VirtualMachine) provisionCheckChangeVersion(spec *types.VirtualMachineConfigSpec) types.BaseMethodFault {
	if spec.ChangeVersion != "" && spec.ChangeVersion != vm.Config.ChangeVersion {
		return new(types.ConcurrentAccess)
	}
	return nil
}

// provisionNextChangeVersion: real vCenter writes a timestamp; a counter is as unique and easier to read in a log.
func (vm *VirtualMachine) provisionNextChangeVersion() {
	vm.Config.ChangeVersion = strconv.FormatInt(atomic.AddInt64(&provisionChangeCounter, 1), 10)
}
