package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlobAndDidYouMeanTest {

    @Test
    void globWildcardsAndSets() {
        assertTrue(Glob.compile("vdi-*").matches("vdi-01"));
        assertTrue(Glob.compile("vdi-*").matches("vdi-"));
        assertFalse(Glob.compile("vdi-*").matches("VDI-01"), "case-sensitive, as vSphere names are");
        assertTrue(Glob.compile("vdi-0?").matches("vdi-07"));
        assertFalse(Glob.compile("vdi-0?").matches("vdi-070"));
        assertTrue(Glob.compile("vdi-[abc]").matches("vdi-b"));
        assertTrue(Glob.compile("vdi-[0-9][0-9]").matches("vdi-42"));
        assertFalse(Glob.compile("vdi-[!0-9]").matches("vdi-4"));
        assertTrue(Glob.compile("vdi-[!0-9]").matches("vdi-x"));
        assertTrue(Glob.compile("web.01").matches("web.01"));
        assertFalse(Glob.compile("web.01").matches("webx01"), "a dot is a dot");
        assertTrue(Glob.compile("a+b(c)").matches("a+b(c)"), "regex characters are literal");
        assertTrue(Glob.compile("[-a]").matches("-"), "a leading dash in a set is literal");
    }

    @Test
    void malformedGlobsSayWhy() {
        assertEquals("'[' at position 1 is never closed with ']'",
                assertThrows(IllegalArgumentException.class, () -> Glob.compile("[ab")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("a]"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("[]"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("[z-a]"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile(""));
    }

    @Test
    void selectorMatching() {
        VmSelector byPattern = new VmSelector(null, "vdi-*", DesiredState.EMPTY, SourceLocation.UNKNOWN);
        VmSelector byName = new VmSelector("vdi-01", null, DesiredState.EMPTY, SourceLocation.UNKNOWN);
        assertTrue(byPattern.matches("vdi-07"));
        assertFalse(byPattern.matches("web-01"));
        assertTrue(byName.matches("vdi-01"));
        assertFalse(byName.matches("vdi-0*"), "a name is never a pattern");
    }

    @Test
    void suggestionsForTyposOnly() {
        List<String> keys = SpecKeys.DESIRED.names();
        assertEquals(Optional.of("nestedVirtualization"), DidYouMean.closest("nestedVirtualisation", keys));
        assertEquals(Optional.of("powerCycle"), DidYouMean.closest("powercycle", keys), "case is ignored");
        assertEquals(Optional.of("powerCycle"), DidYouMean.closest("pwoerCycle", keys), "a swap is one edit");
        assertEquals(Optional.empty(), DidYouMean.closest("colour", keys));
        assertEquals(Optional.of("lab"), DidYouMean.closest("lba", SpecKeys.TARGET_KINDS));
        assertEquals(Optional.empty(), DidYouMean.closest("gcp", SpecKeys.TARGET_KINDS));
        assertEquals(1, DidYouMean.distance("ab", "ba"));
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    }
}
