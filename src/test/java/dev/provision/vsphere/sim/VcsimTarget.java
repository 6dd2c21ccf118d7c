package dev.provision.vsphere.sim;

/**
 * The vSphere target of a test spec pointed at a running vcsim, written as a user would: the password by reference,
 * the server's certificate pinned by its thumbprint. The counterpart of the CLI tests' EmulatorTarget for Azure.
 */
public final class VcsimTarget {
    private VcsimTarget() {}

    /** The {@code targets:} entry {@code vc}, its password in {@code passwordVariable}, selecting {@code pattern}. */
    public static String yaml(VcsimServer vcsim, String passwordVariable, String pattern) {
        return """
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:%s}
                      thumbprint: "%s"
                    vms:
                      - pattern: "%s"
                """.formatted(vcsim.url(), vcsim.username(), passwordVariable, vcsim.thumbprint(), pattern);
    }
}
