package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest verification and opt-in remediation on vSphere, end to end through the command line, against a vcsim whose
 * launcher answers guest operations from each VM's simulated Windows: a VM that cannot run WSL 2 is planned, power
 * cycled, remediated, restarted and verified; VMs that cannot be fixed end with their cause and exit code; a wrong
 * guest password and a guest without VMware Tools are errors per VM, never passes; no secret is written anywhere.
 */
class VsphereGuestCliTest {
    private static final String GUEST_PASSWORD = "Gu3st-Pa55-for-tests";
    private static final String VSPHERE_VARIABLE = "VSPHERE_PASSWORD";
    private static final String GUEST_VARIABLE = "GUEST_PASSWORD";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private VcsimServer vcsim;
    /** Every text the runs printed or wrote, searched for secrets at the end of each test. */
    private final List<String> written = new ArrayList<>();

    @AfterEach
    void noSecretAnywhereAndStop() throws IOException {
        try {
            try (var files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    written.add(f + ":\n" + Files.readString(f, StandardCharsets.UTF_8));
                }
            }
            for (String text : written) {
                assertFalse(text.contains(GUEST_PASSWORD), "the guest password leaked:\n" + text);
                if (vcsim != null) {
                    assertFalse(text.contains(vcsim.password()), "the vCenter password leaked:\n" + text);
                }
            }
        } finally {
            if (vcsim != null) {
                vcsim.close();
            }
        }
    }

    /**
     * Windows desktops of the profile's size (4 vCPUs, 16 GiB), nested virtualization off, on a host that supports
     * it and has room for them; each test adds its VMs.
     */
    private void start(Consumer<VcsimScenario> vms, int count) {
        VcsimScenario scenario = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0))
                        .cpus(4, 4).memoryMB(16384).guest(g -> g.login("builder", GUEST_PASSWORD)))
                .allHosts(h -> h.hardware(8, 16, 65536))
                .host(hostName(1), h -> h.nestedHvSupported(false));
        vms.accept(scenario);
        vcsim = new VcsimServer().withVms(count).withHosts(2).withScenario(scenario).start();
    }

    /** The spec a user writes: the docker-desktop profile, opt-in remediation, both passwords by reference. */
    private Path spec() throws IOException {
        Path file = dir.resolve("desktops.yaml");
        Files.writeString(file, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  shutdownTimeout: 2s
                  guest:
                    user: builder
                    password: ${env:%s}
                    enableFeatures: true
                targets:
                """.formatted(GUEST_VARIABLE) + VcsimTarget.yaml(vcsim, VSPHERE_VARIABLE, "vdi-*"));
        return file;
    }

    private CliRun runWithGuestPassword(String guestPassword, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("CI", "true", VSPHERE_VARIABLE, vcsim.password()));
        env.put(GUEST_VARIABLE, guestPassword);
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
        written.add(r.toString());
        return r;
    }

    private CliRun run(String... args) {
        return runWithGuestPassword(GUEST_PASSWORD, args);
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }

    @Test
    void aVmThatCannotRunWsl2IsPlannedRemediatedRestartedAndVerifiedThenLeftAlone() throws Exception {
        // Windows 10 22H2: below Windows 11, WSL needs its optional component, so both are enabled.
        start(s -> s.vm(vmName(0), vm -> vm.name("vdi-fix").guest(g -> g.login("builder", GUEST_PASSWORD).build(19045)
                .feature("VirtualMachinePlatform", "Disabled").feature("Microsoft-Windows-Subsystem-Linux", "Disabled"))), 1);
        Path saved = dir.resolve("plan.json");
        CliRun plan = run("plan", "--json", "--out", saved.toString(), spec().toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        JsonNode change = JSON.readTree(Files.readString(saved)).get("changes").get(0);
        assertEquals("update", change.get("action").asText());
        assertEquals("[\"power-cycle\",\"reboot\"]", change.get("disruption").toString());
        assertEquals("[\"VirtualMachinePlatform\",\"Microsoft-Windows-Subsystem-Linux\"]",
                change.get("enableFeatures").toString());

        Path junit = dir.resolve("verify.xml");
        CliRun apply = run("apply", saved.toString(), "--report", "junit=" + junit, "--report",
                "json=" + dir.resolve("verify.json"), "--report", "markdown=" + dir.resolve("verify.md"));
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertLine(apply.out, "Apply: 1 applied, 0 failed");
        assertLine(apply.err, "vc/vdi-fix: enabling VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux as builder");
        assertLine(apply.err, "vc/vdi-fix: restarting the guest (RebootGuest through VMware Tools)");
        assertLine(apply.err, "vc/vdi-fix: guest is back");
        assertLine(apply.out, "pass    wsl2-boot                 Ubuntu booted kernel 5.15.167.4-microsoft-standard-WSL2");
        assertLine(apply.out, "Verification: 1 VM, 1 passed, 0 failed.");
        String xml = Files.readString(junit);
        assertValidJunit(xml);
        assertEquals(List.of("windows-edition", "hyperv", "virtual-machine-platform", "wsl", "wsl2-boot",
                "platform", "vdi"), testcases(xml, "vc.vdi-fix"));
        assertTrue(xml.contains("failures=\"0\" errors=\"0\""), xml);

        CliRun again = run("plan", "--detailed-exitcode", spec().toString());
        assertEquals(ExitCode.OK, again.exit, "a fixed VM needs nothing more:\n" + again);
        assertEquals(ExitCode.OK, run("verify", spec().toString()).exit);
    }

    @Test
    void aWindowsServerGuestIsFixedAsFarAsItCanBeAndFailsOnItsEdition() throws Exception {
        start(s -> s.vm(vmName(0), vm -> vm.name("vdi-server").guest(g -> g.login("builder", GUEST_PASSWORD)
                .edition("ServerDatacenter").build(20348).feature("VirtualMachinePlatform", "Disabled"))), 1);
        CliRun apply = run("apply", "--auto-approve", "--report", "junit=" + dir.resolve("verify.xml"), spec().toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, apply.exit, apply.toString());
        assertLine(apply.out, "Apply: 1 applied, 0 failed");
        assertLine(apply.out, "fail    windows-edition           Microsoft Windows Server 2022 Datacenter build 20348");
        assertLine(apply.out, "cause: Windows Server is not supported by Docker Desktop");
        assertLine(apply.out, "pass    wsl2-boot");
        String xml = Files.readString(dir.resolve("verify.xml"));
        assertValidJunit(xml);
        assertTrue(xml.contains("<failure message=\"Windows Server is not supported by Docker Desktop\""), xml);
    }

    @Test
    void aHostWithoutNestedSupportIsRefusedAndVerifyNamesTheCause() throws Exception {
        start(s -> s.vm(vmName(0), vm -> vm.name("vdi-nohost").onHost(hostName(1))), 1);
        CliRun apply = run("apply", "--auto-approve", spec().toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, apply.exit, "a refused change is exit 4, before any verdict:\n" + apply);
        assertLine(apply.out, "REFUSED: host DC0_C0_H1 does not support nested hardware virtualization");

        // The refusal is the cause: verify says it in one line instead of probing a guest that cannot be ready.
        CliRun verify = run("verify", spec().toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertLine(verify.out, "not verified  refused: host DC0_C0_H1 does not support nested hardware virtualization");
        assertLine(verify.out, "Verification: 1 VM, 0 passed, 0 failed, 1 not verified.");
    }

    @Test
    void aWrongGuestPasswordAndAGuestWithoutToolsAreErrorsPerVmNeverPasses() throws Exception {
        start(s -> s
                .vm(vmName(0), vm -> vm.name("vdi-good").nestedHvEnabled(true).vhvEnable("TRUE"))
                .vm(vmName(1), vm -> vm.name("vdi-locked").nestedHvEnabled(true).vhvEnable("TRUE")
                        .guest(g -> g.login("builder", "another-password")))
                .vm(vmName(2), vm -> vm.name("vdi-notools").nestedHvEnabled(true).vhvEnable("TRUE").toolsRunning(false)), 3);
        Path junit = dir.resolve("verify.xml");
        CliRun verify = run("verify", "--report", "junit=" + junit, "--report", "json=" + dir.resolve("v.json"),
                spec().toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertLine(verify.out, "Verification: 3 VMs, 1 passed, 2 failed.");
        assertLine(verify.out, "guest not probed: VM 'vdi-locked': the guest refused the login of guest.user "
                + "(InvalidGuestLogin) while creating a temporary file: check guest.user and guest.password");
        assertLine(verify.out, "guest not probed: VM 'vdi-notools': VMware Tools is not running in the guest");

        String xml = Files.readString(junit);
        assertValidJunit(xml);
        assertEquals(List.of("windows-edition", "hyperv", "virtual-machine-platform", "wsl", "wsl2-boot",
                "platform", "vdi"), testcases(xml, "vc.vdi-good"));
        assertEquals(List.of("probe"), testcases(xml, "vc.vdi-locked"));
        assertEquals(List.of("probe"), testcases(xml, "vc.vdi-notools"));
        assertTrue(xml.contains("errors=\"2\""), xml);

        // The whole fleet with a wrong password: every VM an error, none a pass, and the plan says why it
        // could not look for missing features.
        CliRun wrong = runWithGuestPassword("not-the-password", "verify", spec().toString());
        assertLine(wrong.out, "Verification: 3 VMs, 0 passed, 3 failed.");
        CliRun plan = runWithGuestPassword("not-the-password", "plan", spec().toString());
        assertLine(plan.out, "vc/vdi-good: guest features not checked (VM 'vdi-good': the guest refused the login");
    }

    @Test
    void aGuestAccountThatIsNotAnAdministratorCannotRemediateAndTheFailureSaysWhy() throws Exception {
        start(s -> s.vm(vmName(0), vm -> vm.name("vdi-user").nestedHvEnabled(true).vhvEnable("TRUE")
                .guest(g -> g.login("builder", GUEST_PASSWORD).notAdministrator().feature("VirtualMachinePlatform", "Disabled"))), 1);
        CliRun plan = run("plan", "--json", spec().toString());
        // Without elevation the probe cannot read the features, so none counts as present; Windows 11 (its build
        // needs no elevation) is not given the WSL optional component.
        assertTrue(plan.out.contains("\"enableFeatures\" : [ \"Microsoft-Hyper-V-All\", \"VirtualMachinePlatform\" ]"),
                plan.out);
        CliRun apply = run("apply", "--auto-approve", spec().toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, apply.exit, apply.toString());
        assertLine(apply.out, "FAILED vc/vdi-user: VM 'vdi-user': enabling Microsoft-Hyper-V-All, VirtualMachinePlatform "
                + "in the guest failed (exit code 1): Enable-WindowsOptionalFeature : "
                + "The requested operation requires elevation.");
        assertLine(apply.out, "fail    virtual-machine-platform");
        assertLine(apply.out, "features: The requested operation requires elevation.");
    }

    private static List<String> testcases(String xml, String classname) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<testcase classname=\"" + Pattern.quote(classname) + "\" name=\"([^\"]+)\"").matcher(xml);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void assertValidJunit(String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try (var xsd = VsphereGuestCliTest.class.getResourceAsStream("/junit/junit.xsd")) {
            factory.newSchema(new StreamSource(xsd)).newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }
}
