package dev.provision.provider;

import dev.provision.model.DesiredVm;
import dev.provision.model.TargetPlan;

import dev.provision.provider.Inventory;
import dev.provision.spec.TargetSpec;

import java.util.List;

/**
 * A provider's planning rules: given what is wanted and what was observed, what must change. Pure — no I/O, no
 * clock — so plans are reproducible and tested without a cloud. It sees the whole batch of a target at once
 * because some decisions (quota headroom) are about the batch, not one VM.
 */
@FunctionalInterface
public interface ChangeRules {
    TargetPlan plan(TargetSpec target, Inventory observed, List<DesiredVm> desired);
}
