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

    /** The byte scan finds exactly what a case-insensitive search for the marker in the decoded text finds. */
    @Test
    void theDoctypeScanAgreesWithACaseInsensitiveSearch() {
        java.util.regex.Pattern marker = java.util.regex.Pattern.compile("<!DOCTYPE", java.util.regex.Pattern.CASE_INSENSITIVE);
        byte[] alphabet = "<!DdOoCcTtYyPpEe x".getBytes(StandardCharsets.US_ASCII);
        java.util.Random random = new java.util.Random(14);
        int found = 0;
        for (int run = 0; run < 20_000; run++) {
            byte[] body = new byte[random.nextInt(24)];
            for (int i = 0; i < body.length; i++) {
                // bytes outside ASCII too: 0xC4 and 0xE4 differ from 'D' and 'd' only in bits the scan must not ignore
                body[i] = random.nextInt(10) == 0 ? (byte) (0xC4 + 0x20 * random.nextInt(2)) : alphabet[random.nextInt(alphabet.length)];
            }
            if (run % 3 == 0 && body.length >= 9) { // plant the marker in a random case at a random place
                int at = random.nextInt(body.length - 8);
                byte[] planted = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
                for (int k = 0; k < planted.length; k++) {
                    body[at + k] = k >= 2 && random.nextBoolean() ? (byte) (planted[k] | 0x20) : planted[k];
                }
            }
            boolean expected = marker.matcher(new String(body, StandardCharsets.ISO_8859_1)).find();
            assertEquals(expected, GuardedWsClient.containsDoctype(body), () -> new String(body, StandardCharsets.ISO_8859_1));
            found += expected ? 1 : 0;
        }
        assertTrue(found > 1000, "the marker was planted often enough: " + found);
        assertTrue(GuardedWsClient.containsDoctype(("<a>" + "x".repeat(100_000) + "<!doctype").getBytes(StandardCharsets.US_ASCII)),
                "at the very end of a large answer");
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
