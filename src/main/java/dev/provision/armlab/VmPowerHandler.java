package dev.provision.armlab;

/**
 * POST deallocate / start / powerOff / restart: 202 with Azure-AsyncOperation and Location, a transitional
 * power state while the operation runs, the final one when it completes (or the previous one if it fails).
 */
final class VmPowerHandler {
    private final ArmContext ctx;

    VmPowerHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    ArmResponse deallocate(ArmRequest req) {
        return transition(req, ArmPowerState.DEALLOCATING, ArmPowerState.DEALLOCATED);
    }

    ArmResponse powerOff(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        if (!vm.power.allocated()) {
            return transition(req, vm.power, vm.power); // Azure accepts it and leaves a deallocated VM alone
        }
        return transition(req, ArmPowerState.STOPPING, ArmPowerState.STOPPED);
    }

    ArmResponse start(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        if (!vm.power.allocated()) {
            // Allocating again needs quota, as in Azure (a deallocated VM does not hold its cores).
            VmSizeSpec spec = ctx.skus.vmSize(vm.location, vm.size)
                    .orElseThrow(() -> VmRules.skuNotAvailable(vm.size, vm.location));
            if (!spec.availableIn(vm.zones)) {
                throw VmRules.skuNotAvailable(vm.size, vm.location);
            }
            ctx.quotas.checkCores(vm.location, spec, spec.vCpus(), ctx.otherVms(vm));
        }
        return transition(req, ArmPowerState.STARTING, ArmPowerState.RUNNING);
    }

    ArmResponse restart(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        if (vm.power != ArmPowerState.RUNNING) {
            throw VmRules.requiresRunning();
        }
        return transition(req, ArmPowerState.STARTING, ArmPowerState.RUNNING);
    }

    private ArmResponse transition(ArmRequest req, ArmPowerState during, ArmPowerState after) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        ArmPowerState before = vm.power;
        String provisioningBefore = vm.provisioningState;
        vm.power = during;
        vm.provisioningState = "Updating";
        AsyncOperation op = ctx.lro.start(req, "Microsoft.Compute", vm.location, false, () -> {
            if (after == ArmPowerState.RUNNING) {
                vm.guest.boot(); // a start or restart boots Windows, which finishes pending feature changes
                ctx.rebooted(vm);
            } else if (!after.allocated()) {
                vm.agent.deallocated();
            }
            vm.power = after;
            vm.provisioningState = "Succeeded";
            return null;
        }, () -> {
            vm.power = before;
            vm.provisioningState = provisioningBefore;
        });
        vm.pending = op;
        return ctx.lro.announce(ArmResponse.empty(202), op, true);
    }
}
