package dev.provision.guest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The syntax checker's own runner: a child that hangs (npm waiting on a dead mirror, say) must not hang the build. */
class PowerShellSyntaxTest {
    @Test
    void aChildStillRunningAfterItsTimeoutIsStoppedAndCountsAs124() throws Exception {
        PowerShellSyntax.Result r = PowerShellSyntax.run(1, "sh", "-c", "echo started; sleep 8");
        assertEquals(124, r.exit(), r.output());
        assertTrue(r.output().contains("did not finish within 1 s"), r.output());
    }

    @Test
    void aChildThatFinishesGivesItsExitCodeAndOutput() throws Exception {
        PowerShellSyntax.Result r = PowerShellSyntax.run(30, "sh", "-c", "echo hello; exit 3");
        assertEquals(3, r.exit());
        assertEquals("hello\n", r.output());
    }
}
