package dev.provision.vsphere;

import java.nio.charset.StandardCharsets;

/**
 * Finds "<!DOCTYPE", in any mix of ASCII case, in bytes that may arrive in pieces: the state carries over from one
 * piece to the next, so a marker split across two reads is still found. In any ASCII-compatible encoding the
 * marker is these bytes (GuardedWsClient refuses other encodings).
 */
final class DoctypeScanner {
    private static final byte[] MARKER = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    /** How many bytes of the marker the bytes so far end with. */
    private int matched;

    /** Whether all of {@code bytes} holds the marker. */
    static boolean contains(byte[] bytes) {
        return new DoctypeScanner().scan(bytes, 0, bytes.length);
    }

    /** Feeds the next piece; true once the marker has been seen (in this piece or across its start). */
    boolean scan(byte[] bytes, int offset, int length) {
        if (matched == MARKER.length) {
            return true; // seen before: stays seen
        }
        for (int i = offset; i < offset + length; i++) {
            if (matches(bytes[i], matched)) {
                matched++;
                if (matched == MARKER.length) {
                    return true;
                }
            } else {
                // '<' occurs only at the start of the marker, so a mismatch can only restart there.
                matched = bytes[i] == '<' ? 1 : 0;
            }
        }
        return false;
    }

    private static boolean matches(byte b, int position) {
        // Clearing bit 5 upper-cases an ASCII letter; "<!" must match exactly.
        return position < 2 ? b == MARKER[position] : (b & 0xDF) == MARKER[position];
    }
}
