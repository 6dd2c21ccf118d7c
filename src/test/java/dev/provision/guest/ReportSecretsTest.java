package dev.provision.guest;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.boot.Providers;
import dev.provision.engine.Engine;
import dev.provision.event.EventSink;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.spec.SecretRef;
import dev.provision.spec.Spec;
import dev.provision.spec.SpecLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports hold only what VmVerification holds, and no path leads from the spec's secrets there. This proves it on
 * the output of a realistic run where the secret is really used: an Azure target on the ARM emulator whose guest
 * password is a file reference, read by the guest probe and sent as the managed Run Command's runAsPassword (the
 * emulator's Windows guest checks it), verified by the engine. One guest's account has another password, so the
 * refused logon and its message go into a report too.
 */
class ReportSecretsTest {
    private static final String RG = "report-rg";
    private static final String USER = "builder";
    private static final String PASSWORD = "Tr0ub4dor&3-guest";

    @TempDir
    Path dir;

    private ArmEmulator arm;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    private static WindowsGuest windows11(String password, String... enabled) {
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                .account(USER, password);
        for (String feature : enabled) {
            guest.feature(feature, WindowsGuest.ENABLED);
        }
        return guest;
    }

    @Test
    void noPartOfASecretReferenceReachesAnyReport() throws Exception {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0).resourceGroup(RG, "eastus2")
                .seedVm(SeedVm.of(RG, "win11-ok").guest(windows11(PASSWORD, WindowsGuest.FEATURES.toArray(
                        String[]::new))))
                .seedVm(SeedVm.of(RG, "win11-flat").guest(windows11(PASSWORD, WindowsGuest.WSL)))
                .seedVm(SeedVm.of(RG, "win11-locked").guest(windows11("Another-Password-9", WindowsGuest.FEATURES
                        .toArray(String[]::new))))
                .start();
        Files.writeString(dir.resolve("guest-password.txt"), PASSWORD + "\n");
        SecretRef password = SecretRef.parse("${file:guest-password.txt}", dir);
        assertEquals(PASSWORD, password.resolve(Map.of()), "the reference is real and resolvable");
        Files.writeString(dir.resolve("arm-ca.pem"), arm.tlsIdentity().certificatePem());
        Path specFile = Files.writeString(dir.resolve("report.yaml"), """
                extends: docker-desktop
                desired:
                  guest:
                    user: %s
                    password: ${file:guest-password.txt}
                targets:
                  - name: azure
                    kind: azure
                    azure:
                      subscription: %s
                      location: eastus2
                      resourceGroup: %s
                      endpoint: %s
                      caFile: arm-ca.pem
                      token: ${env:AZURE_ACCESS_TOKEN}
                    vms:
                      - name: win11-ok
                      - name: win11-flat
                      - name: win11-locked
                """.formatted(USER, arm.subscriptionId(), RG, arm.endpoint()));
        Spec spec = new SpecLoader().load(specFile);
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "report-token",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());

        List<VmVerification> verifications;
        try (Engine engine = new Engine(Providers.standard(dir, env), EventSink.NONE)) {
            verifications = engine.verify(spec, engine.read(spec), 2);
        }
        assertEquals(3, verifications.size());
        assertTrue(verifications.stream().anyMatch(VmVerification::passed), "a realistic mix: " + verifications);
        assertTrue(verifications.stream().anyMatch(v -> !v.passed()), "a realistic mix, failures included");
        assertTrue(arm.requestLog().entries().stream().anyMatch(e -> e.body() != null
                && e.body().toString().contains("runAsPassword")), "the password was read and sent to the guest");

        String[] forbidden = {PASSWORD, password.reference(), "guest-password.txt", "${file:", "${env:"};
        for (String report : List.of(
                JunitReport.render(verifications, "0.1.0", SampleVerifications.WHEN),
                JsonReport.render(verifications, "0.1.0", SampleVerifications.WHEN),
                MarkdownReport.render(verifications, "0.1.0", SampleVerifications.WHEN))) {
            assertTrue(report.contains("win11-flat") && report.contains("win11-locked"), "the report covers the run");
            for (String secret : forbidden) {
                assertFalse(report.contains(secret), "a report contains '" + secret + "':\n" + report);
            }
        }
    }
}
