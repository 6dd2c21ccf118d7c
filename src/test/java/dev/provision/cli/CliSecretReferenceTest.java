package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.armlab.ArmEmulator;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret reference is read when a connection needs it, long after the spec was validated; when its variable is
 * unset or empty the user is pointed at the line of the spec that names it, with exit 2, as for any other mistake
 * in the spec. Each case runs the real command against the connection that reads the secret: the embedded ARM
 * emulator, an ARM emulator behind a custom endpoint, and vcsim.
 */
class CliSecretReferenceTest {
    @TempDir
    Path dir;

    private ArmEmulator arm;
    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void anUnsetOrEmptyAdminPasswordIsReportedAtItsReferenceInTheSpec() throws IOException {
        Path spec = dir.resolve("rehearsal.yaml");
        Files.writeString(spec, """
                targets:
                  - name: azure
                    kind: azure
                    azure:
                      cloud: emulator
                      subscription: 00000000-0000-0000-0000-000000000000
                      location: eastus2
                      resourceGroup: rg-lab
                      template:
                        image: "MicrosoftWindowsDesktop:windows-11:win11-23h2-ent:latest"
                        adminUsername: labadmin
                        adminPassword: ${env:LAB_ADMIN_PASSWORD}
                        subnet: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lab/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default
                    vms:
                      - name: az-new
                """);
        planReportsUnsetAndEmptyAtTheReference(spec, "LAB_ADMIN_PASSWORD", Map.of());
    }

    @Test
    void anUnsetOrEmptyTokenIsReportedAtItsReferenceInTheSpec() throws IOException {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).resourceGroup("rg", "eastus2").start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "targets:\n" + EmulatorTarget.yaml(arm, "rg", dir, List.of("vdi-01")));
        planReportsUnsetAndEmptyAtTheReference(spec, "AZURE_ACCESS_TOKEN", Map.of("VM_ADMIN_PASSWORD", "Unused-1!"));
        assertEquals(List.of(), arm.requestLog().entries(), "nothing was sent without a token");
    }

    @Test
    void anUnsetOrEmptyVcenterPasswordIsReportedAtItsReferenceInTheSpec() throws IOException {
        planReportsUnsetAndEmptyAtTheReference(vsphereSpec(""), "VSPHERE_PASSWORD", Map.of());
    }

    /** Read while each VM is probed (VMware guest operations log in with it), after the inventory was read. */
    @Test
    void anUnsetGuestPasswordNamesItsReferenceInTheSpec() throws IOException {
        Path spec = vsphereSpec("""
                extends: docker-desktop
                desired:
                  guest:
                    user: builder
                    password: ${env:GUEST_PASSWORD}
                """);
        CliRun r = run(Map.of("VSPHERE_PASSWORD", vcsim.password()), "verify", spec.toString());
        // The guest password is read per VM while probing, so this stays an error of that VM's verification.
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        String at = spec + ":" + CliRun.position(spec, "${env:GUEST_PASSWORD}") + ": ";
        assertTrue(r.out.lines().anyMatch(l -> l.contains("guest not probed") && l.contains(at)
                && l.contains("environment variable GUEST_PASSWORD is not set")), "expected " + at + " in\n" + r);
        assertFalse(r.out.contains("<unknown>"), r.toString());
    }

    /**
     * A vcsim with one Windows VM ready for nesting and already of the profile's size (4 vCPUs, 16 GiB, on a host
     * with room), and a spec naming it with the password by reference.
     */
    private Path vsphereSpec(String desired) throws IOException {
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(VcsimScenario.create()
                .allHosts(h -> h.hardware(8, 16, 65536))
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0))
                        .nestedHvEnabled(true).vhvEnable("TRUE").cpus(4, 2).memoryMB(16384))).start();
        Path spec = dir.resolve("vsphere.yaml");
        Files.writeString(spec, desired + "targets:\n" + VcsimTarget.yaml(vcsim, "VSPHERE_PASSWORD", "*"));
        return spec;
    }

    /** {@code plan} with {@code variable} unset, then set but empty: each time exit 2 at its reference. */
    private void planReportsUnsetAndEmptyAtTheReference(Path spec, String variable, Map<String, String> others)
            throws IOException {
        String reference = "${env:" + variable + "}";
        assertOneErrorAt(spec, reference, "environment variable " + variable + " is not set",
                run(others, "plan", spec.toString()));
        Map<String, String> empty = new HashMap<>(others);
        empty.put(variable, "");
        assertOneErrorAt(spec, reference, "environment variable " + variable + " is set but empty",
                run(empty, "plan", spec.toString()));
    }

    /** Exit 2, and the only error line is at the reference's line and column, naming the variable. */
    private static void assertOneErrorAt(Path spec, String reference, String message, CliRun r) throws IOException {
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        String at = spec + ":" + CliRun.position(spec, reference) + ": error: secret " + reference + ": " + message;
        List<String> errors = r.err.lines().filter(l -> l.contains("error")).toList();
        assertEquals(2, errors.size(), "one error and the count:\n" + r);
        assertTrue(errors.get(0).startsWith(at), "expected '" + at + "...'\n" + r);
        assertTrue(errors.get(1).startsWith("1 error;"), r.toString());
        assertFalse(r.err.contains("<unknown>") || r.err.contains("Exception"), r.toString());
    }

    private CliRun run(Map<String, String> secrets, String... args) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("CI", "true");
        env.put("PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }
}
