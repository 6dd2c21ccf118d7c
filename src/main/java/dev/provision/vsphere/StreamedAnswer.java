package dev.provision.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked answer handed to its reader while it still arrives, so that a large answer is parsed while the server
 * is still writing it (on loopback the simulator's encoding of 1,000 VMs and our parsing of them used to add up).
 * Only answers whose start GuardedWsClient has judged a UTF-8 SOAP envelope are streamed; every byte that passes
 * is scanned for a DOCTYPE before the reader sees it, and a DOCTYPE anywhere refuses the whole answer, as for an
 * answer read at once. The bytes are kept, so that a reader that declines can hand all of them to yavijava.
 */
final class StreamedAnswer extends InputStream {
    private final byte[] start;
    private final InputStream rest;
    private final RemoteException refusal;
    private final DoctypeScanner scanner = new DoctypeScanner();
    private final List<byte[]> pieces = new ArrayList<>();
    private int size;
    private int startRead;
    private boolean refused;

    /** An answer read whole and checked already: nothing more arrives (the scan finds nothing new in it). */
    static StreamedAnswer whole(byte[] body, RemoteException refusal) {
        return new StreamedAnswer(body, InputStream.nullInputStream(), refusal);
    }

    /**
     * @param start   the first bytes, checked by the caller (not yet scanned here)
     * @param rest    the connection's stream after them
     * @param refusal what to throw when a DOCTYPE passes
     */
    StreamedAnswer(byte[] start, InputStream rest, RemoteException refusal) {
        this.start = start;
        this.rest = rest;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (refused) {
            throw refusal;
        }
        if (length == 0) {
            return 0;
        }
        int n;
        if (startRead < start.length) {
            n = Math.min(length, start.length - startRead);
            System.arraycopy(start, startRead, into, offset, n);
            startRead += n;
            if (startRead == start.length) {
                pieces.add(start);
                size += start.length;
            }
        } else {
            n = rest.read(into, offset, length);
            if (n < 0) {
                return -1;
            }
            byte[] piece = new byte[n];
            System.arraycopy(into, offset, piece, 0, n);
            pieces.add(piece);
            size += n;
        }
        if (scanner.scan(into, offset, n)) {
            refused = true;
            throw refusal;
        }
        return n;
    }

    /** Reads what has not arrived yet through the same check; throws the refusal if a DOCTYPE was seen anywhere. */
    void finish() throws IOException {
        byte[] sink = new byte[16 * 1024];
        while (read(sink, 0, sink.length) >= 0) {
            // every byte passes the scan on its way to the kept pieces
        }
    }

    /** Every byte of the answer, after {@link #finish}. */
    byte[] bytes() throws IOException {
        finish();
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
