package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * What two applies of one spec started together must print, whichever cloud holds the leases: the first applies
 * every VM, the plan made meanwhile shows each VM's lease, and the second apply refuses each VM naming the holder,
 * exit 4, changing nothing.
 */
final class SecondApplyRefused {
    private SecondApplyRefused() {}

    static void assertOn(String target, List<String> vms, CliRun first, CliRun plan, CliRun second) {
        assertEquals(ExitCode.OK, first.exit, first.toString());
        assertTrue(first.out.contains("Apply: " + vms.size() + " applied"), first.toString());
        for (String vm : vms) {
            assertTrue(plan.out.lines().anyMatch(l -> l.contains(target + "/" + vm + ": leased by another apply (run=")
                    && l.contains(" until 20")), "plan shows the lease:\n" + plan);
            assertTrue(second.out.lines().anyMatch(l -> l.contains(target + "/" + vm)
                    && l.contains("is leased by another apply (run=") && l.contains("pid=") && l.contains(" until 20")),
                    second.toString());
        }
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, second.exit, second.toString());
        assertTrue(second.out.contains("0 applied, 0 failed, " + vms.size() + " refused"), second.toString());
    }
}
