package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.spec.SizeRequirement;
import org.junit.jupiter.api.Test;

/** The size arithmetic alone: rounding, the socket layout Windows desktops use fully, and the hot-add limits. */
class SizeChangeTest {
    private static VmSizing running(int vcpus, int coresPerSocket, long memoryMB, Long limit, Long increment) {
        return new VmSizing(vcpus, coresPerSocket, memoryMB, true, true, limit, increment, 16, 65536L);
    }

    @Test
    void memoryIsRoundedUpToFourMegabytes() {
        assertEquals(16384, SizeChange.roundUpToGranule(16381));
        assertEquals(16384, SizeChange.roundUpToGranule(16384));
    }

    @Test
    void aNewCpuCountKeepsTheLayoutWhileItMakesAtMostTwoSocketsElseOneSocket() {
        assertEquals(2, SizeChange.layout(2, 4));
        assertEquals(4, SizeChange.layout(1, 4), "4 single-core sockets would leave 2 idle in Windows Pro");
        assertEquals(1, SizeChange.layout(1, 2));
        assertEquals(6, SizeChange.layout(4, 6), "4 cores per socket do not divide 6");
    }

    @Test
    void memoryBeyondTheHotAddLimitOrOffItsIncrementNeedsTheVmOff() {
        SizeRequirement desktop = new SizeRequirement(null, 2, 16, null, null);
        assertNull(SizeChange.wanted(running(2, 2, 8192, null, null), desktop).whyNotLive());
        assertTrue(SizeChange.wanted(running(2, 2, 8192, 12288L, null), desktop).whyNotLive()
                .contains("stops at 12 GiB"));
        assertTrue(SizeChange.wanted(running(2, 2, 8192, null, 3072L), desktop).whyNotLive()
                .contains("steps of 3072 MB"));
    }
}
