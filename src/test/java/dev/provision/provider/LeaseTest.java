package dev.provision.provider;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who a lease keeps off a VM, and what is said when it is taken over. */
class LeaseTest {
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private final LeaseOwner me = LeaseOwner.newRun();

    @Test
    void anotherLiveRunsLeaseRefusesAndAnExpiredOneIsTakenOverWithAWord() {
        Lease live = new Lease("run=0th3rrun,host=elsewhere,pid=7", NOW.plusSeconds(60));
        Lease expired = new Lease("run=0th3rrun,host=elsewhere,pid=7", NOW.minusSeconds(1));
        assertTrue(live.refuses(me, NOW));
        assertFalse(expired.refuses(me, NOW));
        assertEquals("taking over an expired lease (run=0th3rrun,host=elsewhere,pid=7 until 2026-12-07T07:59:59Z)",
                expired.takeOver(me));
    }

    @Test
    void ourOwnLeaseNeitherRefusesNorIsTakenOver() {
        Lease ours = Lease.of(me, NOW);
        assertFalse(ours.refuses(me, NOW));
        assertNull(ours.takeOver(me));
    }

    @Test
    void anotherRunsLiveLeaseRefusesEvenInThisVeryProcess() {
        // Two runs in one process (two applies in one test JVM) are two holders all the same.
        Lease other = Lease.of(new LeaseOwner("0th3rrun", me.host(), me.pid()), NOW);
        assertTrue(other.refuses(me, NOW));
    }

    @Test
    void aRunThatStopsWaitingReleasesEveryLeaseItStillHoldsOnce() {
        List<String> cleared = new ArrayList<>();
        LeaseKeeper first = keeper("vm-1", cleared);
        LeaseKeeper second = keeper("vm-2", cleared);
        assertTrue(LeaseKeeper.releaseAllHeld() >= 2);
        assertEquals(List.of("vm-1", "vm-2"), cleared.stream().sorted().toList());
        first.close(); // the change's own close, later: the lease is not written again
        second.close();
        assertEquals(2, cleared.size(), cleared.toString());
    }

    private LeaseKeeper keeper(String vm, List<String> cleared) {
        return new LeaseKeeper(new LeaseKeeper.Store() {
            @Override
            public void write(Lease lease) {
                // renewals are not what this test is about (the term is a day)
            }

            @Override
            public void clear() {
                cleared.add(vm);
            }
        }, me, Clock.systemUTC(), new LeaseTerm(Duration.ofDays(1)), step -> { });
    }

    @Test
    void aLeaseTermThatIsNotAWholeNumberOfSecondsInRangeIsBadInput() {
        for (String wrong : new String[] {"abc", "2", "90000", "1.5"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> LeaseTerm.from(Map.of(LeaseTerm.VARIABLE, wrong), SourceLocation.UNKNOWN));
            assertTrue(e.getMessage().contains("PROVISION_LEASE_SECONDS must be a whole number of seconds from 3 to "
                    + "86400, not '" + wrong + "'"), e.getMessage());
        }
    }

    @Test
    void aLeaseLongerOrShorterThanTheDefaultRunsForItsTerm() throws Exception {
        assertEquals(LeaseTerm.DEFAULT, LeaseTerm.from(Map.of(), SourceLocation.UNKNOWN));
        assertEquals(new LeaseTerm(Duration.ofSeconds(6)),
                LeaseTerm.from(Map.of(LeaseTerm.VARIABLE, "6"), SourceLocation.UNKNOWN));
        assertEquals(NOW.plus(Duration.ofSeconds(6)), Lease.of(me, NOW, new LeaseTerm(Duration.ofSeconds(6))).expires());
        assertEquals(Duration.ofSeconds(2), new LeaseTerm(Duration.ofSeconds(6)).renewEvery());
    }
}
