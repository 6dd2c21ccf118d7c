package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake vCenter answers once plainly and once with a DOCTYPE whose external entity points at a local file
 * (XXE). The plain answer logs in, so a refusal is caused by the DOCTYPE and nothing else.
 */
class UnsafeResponseTest {
    private enum Mode { PLAIN, DOCTYPE, UTF16 }

    private static volatile Mode mode = Mode.PLAIN;
    private static FakeVcenterEndpoint fake;
    private static String doctype;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-LOCAL-FILE");
        doctype = "<!DOCTYPE soapenv:Envelope [<!ENTITY secret SYSTEM \"" + secret.toUri() + "\">]>";
        fake = new FakeVcenterEndpoint(dir, UnsafeResponseTest::answer);
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static byte[] answer(String request) {
        String body = request.contains("RetrieveServiceContent") ? FakeVcenterEndpoint.SERVICE_CONTENT : FakeVcenterEndpoint.LOGIN;
        String hostile = FakeVcenterEndpoint.ENVELOPE_START.replace("?>", "?>" + doctype)
                + body.replace("<fullName>Fake vCenter</fullName>", "<fullName>&secret;</fullName>") + FakeVcenterEndpoint.ENVELOPE_END;
        return switch (mode) {
            case PLAIN -> FakeVcenterEndpoint.envelope(body);
            case DOCTYPE -> hostile.getBytes(StandardCharsets.UTF_8);
            case UTF16 -> hostile.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16LE);
        };
    }

    @Test
    void thePlainAnswerIsAcceptedSoTheFakeServerIsValid() {
        mode = Mode.PLAIN;
        try (VsphereConnection connection = VsphereConnection.open(fake.endpoint())) {
            assertEquals("Fake vCenter", connection.productFullName());
        }
    }

    @Test
    void anAnswerWithADoctypeIsRefusedBeforeParsing() {
        mode = Mode.DOCTYPE;
        int before = fake.requests().size();
        VsphereException.UnsafeResponse refused = assertThrows(VsphereException.UnsafeResponse.class,
                () -> VsphereConnection.open(fake.endpoint()));
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        assertFalse(refused.getMessage().contains("TOP-SECRET"), refused.getMessage());
        assertEquals(before + 1, fake.requests().size(), "refused at the first answer (RetrieveServiceContent)");
    }

    @Test
    void aUtf16AnswerIsRefusedBecauseTheDoctypeCheckCouldNotSeeIntoIt() {
        mode = Mode.UTF16;
        VsphereException.UnsafeResponse refused = assertThrows(VsphereException.UnsafeResponse.class,
                () -> VsphereConnection.open(fake.endpoint()));
        assertTrue(refused.getMessage().contains("not UTF-8"), refused.getMessage());
    }

    @Test
    void encodingSniffing() {
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml("<?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '\n', '<', 'a'}));
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml(new byte[0]));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("<a/>".getBytes(StandardCharsets.UTF_16)));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("<a/>".getBytes(StandardCharsets.UTF_16LE)));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("HTTP error".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new byte[] {'<', 0}, "<".getBytes(StandardCharsets.UTF_16LE));
    }
}
