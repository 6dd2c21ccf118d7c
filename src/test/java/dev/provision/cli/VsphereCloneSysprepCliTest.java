package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.VcsimAdapters;
import dev.provision.vsphere.sim.RecordingRelay;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sysprep fields in the template block instead of a customization specification stored in vCenter, on vcsim. vcsim
 * accepts the customization and applies its computer name to the guest at power-on (simulator/virtual_machine.go,
 * customize), but runs no sysprep. The secrets are read from their references when the clone is made: the SOAP
 * request carries them (read on the wire through a TLS relay whose certificate the spec pins), and nothing provision
 * prints or writes does. Mistakes in the fields are exit-2 errors at their lines, before anything is cloned.
 */
class VsphereCloneSysprepCliTest {
    private static final String ADMIN_PASSWORD = "Adm1n-Sysprep-7q";
    private static final String DOMAIN_PASSWORD = "J0iner-Domain-4k";
    private static final String PRODUCT_KEY = "KEY42-SYSPR-EPTES-TVALU-E0001";

    @TempDir
    Path dir;

    private VcsimServer vcsim;
    private RecordingRelay relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private void start() {
        vcsim = VsphereCloneSpecs.templateAndOneVm(true).start();
    }

    /** A spec (over the relay, when there is one) whose template block ends with {@code templateExtra}. */
    private Path spec(String templateExtra, String vms) throws IOException {
        return VsphereCloneSpecs.write(dir, relay != null ? relay.url(vcsim.url()) : vcsim.url(), vcsim.username(),
                relay != null ? relay.thumbprint() : vcsim.thumbprint(), templateExtra, vms);
    }

    private CliRun run(String... args) {
        return run(Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD, "WINDOWS_KEY", PRODUCT_KEY), args);
    }

    private CliRun run(Map<String, String> secrets, String... args) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("CI", "true");
        env.put("VSPHERE_PASSWORD", vcsim.password());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }

    @Test
    void sysprepFieldsCustomizeTheCloneAndItsSecretsGoToVcenterOnly() throws IOException {
        start();
        relay = new RecordingRelay(vcsim.url(), Files.createDirectories(dir.resolve("relay")));
        Files.writeString(dir.resolve("domain-password.txt"), DOMAIN_PASSWORD + "\n");
        Path spec = spec("""
                sysprep:
                  adminPassword: ${env:ADMIN_PASSWORD}
                  timeZone: 110
                  domain: corp.example.com
                  domainUser: joiner
                  domainPassword: ${file:domain-password.txt}
                  autoLogonCount: 1
                  productKey: ${env:WINDOWS_KEY}""", "- name: vdi-new");

        CliRun plan = run("plan", spec.toString(), "--out", dir.resolve("plan.json").toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertTrue(plan.out.contains("customized by the spec's sysprep fields"), plan.out);
        assertTrue(plan.out.contains("Windows sysprep from the spec: computer name vdi-new, joins domain "
                + "corp.example.com as joiner (password from ${file:domain-password.txt}), time zone 110, "
                + "Administrator password from ${env:ADMIN_PASSWORD}"),
                plan.out);
        CliRun apply = run("apply", "-vv", "--auto-approve", spec.toString(),
                "--report", "json=" + dir.resolve("apply.json"), "--report", "markdown=" + dir.resolve("apply.md"));
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        CliRun again = run("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.OK, again.exit, "a second plan is a no-op:\n" + again);

        assertEquals("vdi-new", VcsimAdapters.guestHostName(vcsim, "vdi-new"),
                "vcsim applied the customization's computer name at the first power-on");
        String clone = request(relay.sent(), "CloneVM_Task");
        for (String secret : List.of(ADMIN_PASSWORD, DOMAIN_PASSWORD, PRODUCT_KEY)) {
            assertTrue(clone.contains(secret), "the clone's customization carries each secret");
        }
        assertTrue(clone.contains("<value>" + ADMIN_PASSWORD + "</value><plainText xsi:type=\"xsd:boolean\">true"
                + "</plainText>"), clone);
        assertTrue(clone.contains("<joinDomain>corp.example.com</joinDomain>"), clone);
        assertTrue(clone.contains(">110</timeZone>"), clone);
        assertTrue(clone.contains("<nicSettingMap><adapter><ip xsi:type=\"CustomizationDhcpIpGenerator\">"), clone);

        for (CliRun r : List.of(plan, apply, again)) {
            assertNoSecret(r.out + r.err, "output of " + r);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("domain-password.txt")) {
                    // ISO-8859-1 maps every byte to a char: binary files (the relay's key store) are read too.
                    assertNoSecret(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
                }
            }
        }
        assertTrue(Files.readString(dir.resolve("plan.json")).contains("${env:ADMIN_PASSWORD}"),
                "the plan names the reference");
    }

    /** The secret is read when the clone is made: an unset variable fails that VM, uncloned, naming the line. */
    @Test
    void anUnsetSysprepSecretFailsTheVmAtItsReferenceBeforeAnythingIsCloned() throws IOException {
        start();
        Path spec = spec("""
                sysprep:
                  adminPassword: ${env:ADMIN_PASSWORD}""", "- name: vdi-new");
        CliRun apply = run(Map.of(), "apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, apply.exit, apply.toString());
        String at = spec + ":" + CliRun.position(spec, "${env:ADMIN_PASSWORD}")
                + ": error: secret ${env:ADMIN_PASSWORD}: environment variable ADMIN_PASSWORD is not set";
        assertTrue(apply.out.lines().anyMatch(l -> l.contains("vdi-new") && l.contains(at)), "expected " + at
                + " in:\n" + apply);
        assertFalse(apply.out.contains("Exception") || apply.err.contains("Exception"), apply.toString());
        assertEquals(List.of(), VcsimAdapters.vmsNamed(vcsim, "vdi-new"), "nothing was cloned");
    }

    @Test
    void badSysprepFieldsAreErrorsAtTheirLinesAndNothingIsCloned() throws IOException {
        start();
        Path spec = spec("""
                customizationSpec: vcsim-windows-static
                sysprep:
                  computerName: engineering-desktop
                  adminPassword: not-a-reference
                  workgroup: DESKTOPS
                  domain: corp.example.com
                  timeZone: -1""", "- name: vdi-new");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertErrorAt(plan, spec, "sysprep:", "'customizationSpec' and 'sysprep' both say how clones are customized");
        assertErrorAt(plan, spec, "engineering-desktop", "'computerName' engineering-desktop has 19 characters");
        assertErrorAt(plan, spec, "not-a-reference", "plain-text secret in 'adminPassword'");
        assertErrorAt(plan, spec, "domain: corp", "'workgroup' and 'domain' both say what the clone joins");
        assertErrorAt(plan, spec, "-1", "'timeZone' must be at least 0");
        assertFalse(plan.err.contains("not-a-reference'") || plan.err.contains("Exception"), plan.err);

        Path joining = spec("""
                sysprep:
                  adminPassword: ${env:ADMIN_PASSWORD}
                  domain: corp.example.com""", "- name: vdi-new");
        CliRun missing = run("plan", joining.toString());
        assertEquals(ExitCode.INVALID_INPUT, missing.exit, missing.toString());
        assertErrorAt(missing, joining, "domain: corp", "joining domain 'corp.example.com' needs 'domainUser' too");
        assertErrorAt(missing, joining, "domain: corp", "needs 'domainPassword' too");
        assertEquals(List.of(), VcsimAdapters.vmsNamed(vcsim, "vdi-new"), "nothing was cloned");
    }

    @Test
    void aVmNameThatIsNoWindowsComputerNameIsAPlanTimeErrorAtItsEntry() throws IOException {
        start();
        String sysprep = """
                sysprep:
                  adminPassword: ${env:ADMIN_PASSWORD}""";
        Path spec = spec(sysprep, """
                - name: vdi-engineering-01
                - name: vdi-new""");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertErrorAt(plan, spec, "name: vdi-engineering-01", "VM 'vdi-engineering-01' would be cloned with its "
                + "name as the Windows computer name, which has 18 characters; Windows computer names have at most 15");
        assertEquals(2, plan.err.lines().filter(l -> l.contains("error")).count(), "one error and the count:\n" + plan);

        Path fixed = spec(sysprep + "\n  computerName: DESK-01", """
                - name: vdi-new
                - name: vdi-new2""");
        CliRun twice = run("apply", "--auto-approve", fixed.toString());
        assertEquals(ExitCode.INVALID_INPUT, twice.exit, twice.toString());
        assertErrorAt(twice, fixed, "DESK-01", "sysprep's computerName 'DESK-01' would name every clone of this "
                + "plan the same");
        assertEquals(List.of(), VcsimAdapters.vmsNamed(vcsim, "vdi-new"), "nothing was cloned");
    }

    /** The SOAP request of {@code method} among everything sent. */
    private static String request(String sent, String method) {
        Matcher m = Pattern.compile("<" + method + "[ >].*?</" + method + ">", Pattern.DOTALL).matcher(sent);
        assertTrue(m.find(), "no " + method + " was sent");
        return m.group();
    }

    private static void assertNoSecret(String text, String where) {
        for (String secret : List.of(ADMIN_PASSWORD, DOMAIN_PASSWORD, PRODUCT_KEY)) {
            assertFalse(text.contains(secret), "a sysprep secret is in " + where);
        }
    }

    /** An error line at the line and column where {@code text} is written in the spec, saying {@code message}. */
    private static void assertErrorAt(CliRun r, Path spec, String text, String message) throws IOException {
        String at = spec + ":" + CliRun.position(spec, text) + ": error: ";
        assertTrue(r.err.lines().anyMatch(l -> l.startsWith(at) && l.contains(message)),
                "expected '" + at + "..." + message + "' in:\n" + r.err);
    }
}
