package dev.provision.guest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what wsl.exe prints. It writes UTF-16LE unless it honours {@code WSL_UTF8=1}, which older builds ignore,
 * and the Linux side of {@code wsl -e} writes UTF-8; so bytes fetched from a guest are decoded by their NUL
 * pattern, the same rule as {@code ConvertFrom-NativeBytes} in the probe scripts.
 */
public final class WslText {
    /**
     * The first dotted version of {@code wsl --version}: its first line is the WSL version in every language, and no
     * label holds a dotted number. Taken by position, not after a label or a colon: zh-TW writes "WSL 版本： 2.3.26.0"
     * with a full-width colon, fr-FR "Version WSL : " (microsoft/WSL localization/strings, MessagePackageVersions).
     */
    private static final Pattern FIRST_VERSION = Pattern.compile("(?<![\\w.])(\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?)(?![\\w.])");
    /** WSL 1 has no Linux kernel; uname -r answers 4.4.0-BUILD-Microsoft. */
    private static final Pattern WSL1_KERNEL = Pattern.compile("\\d+\\.\\d+\\.\\d+-\\d+-Microsoft");

    private WslText() {}

    /** Decodes wsl.exe's bytes: UTF-16LE with a BOM, or without one when NULs say so; otherwise UTF-8. */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, (bytes.length - 2) & ~1, StandardCharsets.UTF_16LE);
        }
        if (looksUtf16Le(bytes)) {
            return new String(bytes, 0, bytes.length & ~1, StandardCharsets.UTF_16LE);
        }
        int skip = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8);
    }

    /**
     * True when at least half the 16-bit units have a NUL high byte: text that is mostly ASCII in UTF-16LE has a NUL
     * in every odd byte, and UTF-8 text has none.
     */
    public static boolean looksUtf16Le(byte[] bytes) {
        if (bytes.length < 2) {
            return false;
        }
        int nuls = 0;
        for (int i = 1; i < bytes.length; i += 2) {
            if (bytes[i] == 0) {
                nuls++;
            }
        }
        return nuls * 4L >= bytes.length;
    }

    /** The WSL version in {@code wsl --version}'s text (2.3.26.0), or null when it names none (inbox wsl.exe). */
    public static String wslVersion(String versionText) {
        if (versionText == null) {
            return null;
        }
        Matcher m = FIRST_VERSION.matcher(versionText);
        return m.find() ? m.group(1) : null;
    }

    /** True for the fixed kernel release WSL 1 reports. */
    public static boolean isWsl1Kernel(String kernel) {
        return kernel != null && WSL1_KERNEL.matcher(kernel.strip()).matches();
    }

    /**
     * Compares dotted versions numerically (2.1.5 < 2.3.26.0); a missing part counts as 0.
     *
     * @throws NumberFormatException when a part is not a number
     */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
