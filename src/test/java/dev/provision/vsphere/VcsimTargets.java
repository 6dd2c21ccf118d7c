package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.TargetPlan;
import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A spec's view of a running vcsim (URL, pinned certificate, password by reference), and plans against it. */
final class VcsimTargets {
    static final String PASSWORD_VARIABLE = "VSPHERE_PASSWORD";

    private VcsimTargets() {}

    static VsphereSettings connection(VcsimServer vcsim) {
        return new VsphereSettings(vcsim.url(), vcsim.username(), SecretRef.parse("${env:" + PASSWORD_VARIABLE + "}", null),
                vcsim.thumbprint(), null, false, null);
    }

    static Map<String, String> environment(VcsimServer vcsim) {
        return Map.of(PASSWORD_VARIABLE, vcsim.password());
    }

    static TargetSpec target(VcsimServer vcsim) {
        return new TargetSpec("vcsim", TargetKind.VSPHERE, connection(vcsim), List.of(), DesiredState.EMPTY,
                SourceLocation.UNKNOWN);
    }

    static VsphereProvider open(VcsimServer vcsim) throws Exception {
        return VsphereProvider.open(target(vcsim), environment(vcsim));
    }

    static DesiredState policy(PowerCyclePolicy policy, Duration shutdownTimeout) {
        return new DesiredState(true, null, policy, shutdownTimeout, null, null, null);
    }

    /** The provider's own plan for one VM, read fresh. */
    static Change plan(VsphereProvider provider, VcsimServer vcsim, String vm, DesiredState desired) throws Exception {
        TargetPlan plan = provider.rules().plan(target(vcsim), provider.read(),
                List.of(new DesiredVm(vm, desired.resolve(), SourceLocation.UNKNOWN)));
        assertEquals(1, plan.changes().size());
        return plan.changes().get(0);
    }
}
