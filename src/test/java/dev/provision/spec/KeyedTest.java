package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyedTest {

    @Test
    void findsAConstantByItsWordAndNothingElse() {
        assertEquals(Optional.of(PowerCyclePolicy.GRACEFUL), Keyed.lookup(PowerCyclePolicy.class, "graceful"));
        assertEquals(Optional.of(TargetKind.LAB), Keyed.lookup(TargetKind.class, "lab"));
        assertEquals(Optional.empty(), Keyed.lookup(PowerCyclePolicy.class, "GRACEFUL"), "words are exact");
        assertEquals(Optional.empty(), Keyed.lookup(GuestCheck.class, "WSL2_BOOT"), "not the constant's name");
        assertEquals(Optional.empty(), Keyed.lookup(GuestCheck.class, null));
    }
}
