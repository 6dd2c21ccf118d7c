package dev.provision.vsphere;

import dev.provision.spec.SecretRef;
import dev.provision.spec.VsphereConnection;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.Map;

/** A spec's view of a running vcsim: its URL, pinned certificate, and the password by reference only. */
final class VcsimTargets {
    static final String PASSWORD_VARIABLE = "VSPHERE_PASSWORD";

    private VcsimTargets() {}

    static VsphereConnection connection(VcsimServer vcsim) {
        return new VsphereConnection(vcsim.url(), vcsim.username(), SecretRef.parse("${env:" + PASSWORD_VARIABLE + "}", null),
                vcsim.thumbprint(), null, false, null);
    }

    static Map<String, String> environment(VcsimServer vcsim) {
        return Map.of(PASSWORD_VARIABLE, vcsim.password());
    }
}
