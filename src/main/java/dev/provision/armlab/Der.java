package dev.provision.armlab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few DER encodings a self-signed X.509 certificate needs. The JDK has no public API to build a
 * certificate, and its internal sun.security.x509 classes would need --add-exports; writing ~20 tags by hand
 * keeps certificate generation in-process (no keytool subprocess, no extra dependency).
 */
final class Der {
    private Der() {}

    static byte[] sequence(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tagged(0x31, concat(parts));
    }

    static byte[] integer(byte[] twosComplement) {
        return tagged(0x02, twosComplement);
    }

    static byte[] smallInteger(int value) {
        return integer(java.math.BigInteger.valueOf(value).toByteArray());
    }

    static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] bitString(byte[] content) {
        byte[] withUnusedBits = new byte[content.length + 1];
        System.arraycopy(content, 0, withUnusedBits, 1, content.length);
        return tagged(0x03, withUnusedBits);
    }

    static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    static byte[] utf8String(String value) {
        return tagged(0x0C, value.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime, valid for years 1950-2049, which is all a short-lived test certificate needs. */
    static byte[] utcTime(java.time.ZonedDateTime utc) {
        String text = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc);
        return tagged(0x17, text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = 1;
            for (long rest = arc >>> 7; rest != 0; rest >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int septet = (int) ((arc >>> (7 * g)) & 0x7F);
                out.write(g == 0 ? septet : septet | 0x80);
            }
        }
        return tagged(0x06, out.toByteArray());
    }

    /** Context-specific constructed tag [n], as used for EXPLICIT tagging. */
    static byte[] explicit(int n, byte[] content) {
        return tagged(0xA0 | n, content);
    }

    /** Context-specific primitive tag [n], as used for IMPLICIT tagging of GeneralName choices. */
    static byte[] implicitPrimitive(int n, byte[] content) {
        return tagged(0x80 | n, content);
    }

    static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFF ? (length > 0xFFFFFF ? 4 : 3) : (length > 0xFF ? 2 : 1);
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
