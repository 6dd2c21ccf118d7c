package dev.provision.vsphere.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fixture itself: ready line parsed, loud failures, and no simulator left behind. */
class VcsimServerTest {

    @Test
    void startsOnAFreeLoopbackPortAndStopsItsOwnProcess() throws Exception {
        long pid;
        try (VcsimServer vcsim = new VcsimServer().withVms(1).withHosts(1).start()) {
            assertTrue(vcsim.url().matches("https://127\\.0\\.0\\.1:\\d+/sdk"), vcsim.url());
            assertTrue(vcsim.thumbprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), vcsim.thumbprint());
            assertTrue(vcsim.certificateFile().toFile().isFile());
            assertEquals("provision", vcsim.username());
            assertFalse(vcsim.password().isEmpty());
            pid = vcsim.pid();
        }
        Optional<ProcessHandle> left = ProcessHandle.of(pid);
        if (left.isPresent()) {
            left.get().onExit().get(5, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "launcher still running");
    }

    @Test
    void aBadScenarioFailsLoudlyWithTheLaunchersOwnWords() {
        VcsimServer vcsim = new VcsimServer().withVms(1).withHosts(1)
                .withScenario(VcsimScenario.create().vm("no-such-vm", vm -> vm.poweredOff()));
        IllegalStateException failure = assertThrows(IllegalStateException.class, vcsim::start);
        assertTrue(failure.getMessage().contains("exited before it was ready"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no VM named \"no-such-vm\""), failure.getMessage());
        assertThrows(IllegalStateException.class, vcsim::url, "no accessor works after a failed start");
    }
}
