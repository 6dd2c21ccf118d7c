package dev.provision.provider;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
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
        Lease other = Lease.of(new LeaseOwner("0th3rrun", me.host(), me.pid(), me.machine()), NOW);
        assertTrue(other.refuses(me, NOW));
    }

    /** This machine as the tests decide it: its identity, and the one pid of it that no longer runs. */
    private static final String HERE = "a1b2c3d4e5f6";
    private static final long DEAD_PID = 4242;
    private final LeaseOwner onThisMachine = LeaseOwner.newRun(new ThisMachine(HERE, pid -> pid != DEAD_PID));

    private static Lease liveLease(String holder) {
        return new Lease(holder, NOW.plusSeconds(600));
    }

    @Test
    void aLiveLeaseWhoseHolderRanHereAndWhoseProcessHasEndedIsTakenOverAtOnceWithAWord() {
        Lease killed = liveLease("run=0th3rrun,host=build-7,pid=" + DEAD_PID + ",machine=" + HERE);
        assertTrue(killed.endedOn(onThisMachine.machine()));
        assertFalse(killed.refuses(onThisMachine, NOW));
        assertEquals("taking over the lease of run 0th3rrun whose process 4242 has ended on this machine "
                + "(run=0th3rrun,host=build-7,pid=4242,machine=a1b2c3d4e5f6 until 2026-12-07T08:10:00Z)",
                killed.takeOver(onThisMachine));
    }

    @Test
    void aLiveLeaseWhoseHolderStillRunsHereRefusesEvenIfItsPidMayHaveBeenReused() {
        Lease running = liveLease("run=0th3rrun,host=build-7,pid=4243,machine=" + HERE);
        assertFalse(running.endedOn(onThisMachine.machine()));
        assertTrue(running.refuses(onThisMachine, NOW));
    }

    @Test
    void aLiveLeaseOfAnotherMachineRefusesWhateverItsPidIsHere() {
        // Same host name and a pid that runs no process here: a look-alike container or CI runner.
        Lease elsewhere = liveLease("run=0th3rrun,host=" + onThisMachine.host() + ",pid=" + DEAD_PID
                + ",machine=ffffffffffff");
        assertTrue(elsewhere.refuses(onThisMachine, NOW));
    }

    @Test
    void whereThisMachineHasNoIdentityNoLiveLeaseIsTakenOverEarly() {
        LeaseOwner unknown = LeaseOwner.newRun(ThisMachine.unknown());
        Lease killed = liveLease("run=0th3rrun,host=build-7,pid=" + DEAD_PID + ",machine=" + HERE);
        assertTrue(killed.refuses(unknown, NOW));
        assertFalse(unknown.text().contains("machine="), unknown.text());
    }

    @Test
    void aLeaseWrittenWithoutAMachineIsNeverTakenOverBeforeItExpires() {
        Lease old = Lease.parse("run=0th3rrun,host=build-7,pid=" + DEAD_PID + ";expires=2026-12-07T08:10:00Z");
        assertTrue(old.refuses(onThisMachine, NOW));
        assertFalse(old.refuses(onThisMachine, Instant.parse("2026-12-07T08:10:00Z")), "taken over once expired");
    }

    @Test
    void aRunWritesItsMachineIntoItsLeaseAndReadsItBack() {
        Lease written = Lease.parse(Lease.of(onThisMachine, NOW).text());
        assertTrue(written.holder().endsWith(",pid=" + onThisMachine.pid() + ",machine=" + HERE), written.holder());
        assertTrue(written.heldBy(onThisMachine));
    }

    @Test
    void onLinuxThisMachineIsTheBootIdAndThePidNamespaceHashedAndItsOwnProcessRuns() throws Exception {
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest((boot + "\n" + namespace).getBytes(UTF_8));
        ThisMachine here = ThisMachine.current();
        assertEquals(HexFormat.of().formatHex(hash, 0, 6), here.id());
        assertTrue(here.running().test(ProcessHandle.current().pid()));
        assertTrue(LeaseOwner.newRun().text().endsWith(",machine=" + here.id()), LeaseOwner.newRun().text());
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
