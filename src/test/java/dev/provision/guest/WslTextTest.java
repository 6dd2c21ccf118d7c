package dev.provision.guest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WslTextTest {
    /** What 'wsl --status' prints on a VM without virtualization, as wsl.exe writes it when WSL_UTF8 is ignored. */
    private static final String STATUS = "Default Version: 2\r\n\r\nWSL2 is unable to start since virtualization is "
            + "not enabled on this machine.\r\nPlease enable the \"Virtual Machine Platform\" optional component and "
            + "ensure virtualization is enabled in the BIOS.\r\n";

    @Test
    void utf16LeWithoutBomIsDetectedByItsNuls() {
        byte[] bytes = STATUS.getBytes(StandardCharsets.UTF_16LE);
        assertTrue(WslText.looksUtf16Le(bytes));
        assertEquals(STATUS, WslText.decode(bytes));
    }

    @Test
    void utf16LeWithBomLosesTheBom() {
        byte[] body = STATUS.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        assertEquals(STATUS, WslText.decode(bytes));
    }

    @Test
    void utf8FromWslUtf8OrFromLinuxStaysUtf8() {
        String german = "Standardversion: 2\nDie Virtualisierung ist nicht aktiviert. Überprüfen Sie das BIOS.\n";
        byte[] bytes = german.getBytes(StandardCharsets.UTF_8);
        assertFalse(WslText.looksUtf16Le(bytes));
        assertEquals(german, WslText.decode(bytes));
        byte[] withBom = ("\uFEFF" + german).getBytes(StandardCharsets.UTF_8);
        assertEquals(german, WslText.decode(withBom));
    }

    @Test
    void localizedUtf16LeWithNonAsciiLettersIsStillDetected() {
        String text = "Fehlercode: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102 – Überprüfen Sie das BIOS.";
        assertEquals(text, WslText.decode(text.getBytes(StandardCharsets.UTF_16LE)));
    }

    @Test
    void anOddTrailingByteOrNothingAtAllDoesNotBreakDecoding() {
        byte[] body = "Ubuntu".getBytes(StandardCharsets.UTF_16LE);
        byte[] odd = java.util.Arrays.copyOf(body, body.length + 1);
        assertEquals("Ubuntu", WslText.decode(odd));
        assertEquals("", WslText.decode(new byte[0]));
    }

    @Test
    void theWslVersionIsTheFirstVersionAfterALabelInAnyLanguage() {
        assertEquals("2.3.26.0", WslText.wslVersion("WSL version: 2.3.26.0 Kernel version: 5.15.167.4-1 WSLg "
                + "version: 1.0.65"));
        assertEquals("2.0.9.0", WslText.wslVersion("Version de WSL\u00a0: 2.0.9.0\r\nVersion du noyau\u00a0: "
                + "5.15.133.1-1"));
        assertNull(WslText.wslVersion("Invalid command line option: --version Usage: wsl.exe [Argument]"));
        assertNull(WslText.wslVersion(null));
    }

    /** microsoft/WSL localization/strings/zh-TW/Resources.resw, MessagePackageVersions: a full-width colon. */
    @Test
    void theWslVersionIsTakenByPositionNotAfterAnAsciiColon() {
        assertEquals("2.3.26.0", WslText.wslVersion("WSL \u7248\u672c\uff1a 2.3.26.0\r\n\u6838\u5fc3\u7248\u672c"
                + "\uff1a 5.15.167.4-1\r\nWSLg \u7248\u672c\uff1a 1.0.65"));
        assertEquals("2.3.26.0", WslText.wslVersion("Version WSL : 2.3.26.0 Version du noyau : 5.15.167.4-1"));
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertTrue(WslText.compareVersions("2.1.5", "2.1.10") < 0);
        assertTrue(WslText.compareVersions("2.3.26.0", "2.1.5") > 0);
        assertEquals(0, WslText.compareVersions("2.1.5", "2.1.5.0"));
    }

    @Test
    void onlyWsl1sFixedKernelReleaseCountsAsWsl1() {
        assertTrue(WslText.isWsl1Kernel("4.4.0-22621-Microsoft"));
        assertFalse(WslText.isWsl1Kernel("4.19.128-microsoft-standard"));
        assertFalse(WslText.isWsl1Kernel("5.15.167.4-microsoft-standard-WSL2"));
    }

    @Test
    void earlyWsl2KernelsWithoutTheWsl2SuffixStillCount() {
        assertTrue(new GuestFacts.DistroBoot("Ubuntu", "4.19.128-microsoft-standard", null).bootedWsl2());
        assertTrue(new GuestFacts.DistroBoot("Ubuntu", "6.6.36.6-microsoft-standard-WSL2+", null).bootedWsl2());
        assertFalse(new GuestFacts.DistroBoot("Ubuntu", "4.4.0-19041-Microsoft", null).bootedWsl2());
    }
}
