package dev.provision.guest;

import dev.provision.boot.Providers;
import dev.provision.engine.Engine;
import dev.provision.event.EventSink;
import dev.provision.rehearsal.lab.LabSpecs;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.LabVmSeed;
import dev.provision.spec.SecretRef;
import dev.provision.spec.Spec;
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
 * the output of a realistic run: a lab target whose guest password is a file reference, verified by the engine.
 */
class ReportSecretsTest {
    private static final String PASSWORD = "Tr0ub4dor&3-guest";

    @Test
    void noPartOfASecretReferenceReachesAnyReport(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("guest-password.txt"), PASSWORD + "\n");
        SecretRef password = SecretRef.parse("${file:guest-password.txt}", dir);
        assertEquals(PASSWORD, password.resolve(Map.of()), "the reference is real and resolvable");
        GuestSpec guest = new GuestSpec(List.of(GuestCheck.values()), "Ubuntu", "builder", password, false);
        DesiredState desired = new DesiredState(true, null, null, null, guest, null, null);
        Spec spec = LabSpecs.spec(LabSpecs.target("lab", List.of(
                new LabVmSeed("win11-ok", true, true, 4, 16, "Enterprise", List.of(GuestFacts.HYPERV,
                        GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL), false),
                new LabVmSeed("win11-flat", true, false, 4, 16, "Enterprise", List.of(GuestFacts.WSL), false),
                LabSpecs.vm("win11-off", false, true)),
                List.of(LabSpecs.pattern("win11-*", 9)), desired));

        List<VmVerification> verifications;
        try (Engine engine = new Engine(Providers.standard(dir), EventSink.NONE)) {
            verifications = engine.verify(spec, engine.read(spec), 2);
        }
        assertEquals(3, verifications.size());
        assertTrue(verifications.stream().anyMatch(v -> !v.passed()), "a realistic mix, failures included");

        String[] forbidden = {PASSWORD, password.reference(), "guest-password.txt", "${file:", "${env:"};
        for (String report : List.of(
                JunitReport.render(verifications, "0.1.0", SampleVerifications.WHEN),
                JsonReport.render(verifications, "0.1.0", SampleVerifications.WHEN),
                MarkdownReport.render(verifications, "0.1.0", SampleVerifications.WHEN))) {
            assertTrue(report.contains("win11-flat"), "the report covers the run");
            for (String secret : forbidden) {
                assertFalse(report.contains(secret), "a report contains '" + secret + "':\n" + report);
            }
        }
    }
}
