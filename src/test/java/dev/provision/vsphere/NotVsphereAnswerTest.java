package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NotVsphereAnswer looks at the start of an answer first, and at all of it only when the start cannot tell. Its
 * verdicts must be those of reading the whole answer, which {@link #wholeAnswer} does as the class did before.
 */
class NotVsphereAnswerTest {
    private static final Pattern PROLOG = Pattern.compile(
            "\\A\\uFEFF?\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("\\A<([A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)");

    /** The verdict from the whole answer decoded at once (the implementation before 2026-12-07). */
    private static String wholeAnswer(byte[] body, String contentType) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            return "with an empty body";
        }
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")
                || contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return "HTML";
        }
        if (text.indexOf('\0') >= 0) {
            return null;
        }
        Matcher prolog = PROLOG.matcher(text);
        String rest = prolog.lookingAt() ? text.substring(prolog.end()) : text;
        if (rest.startsWith("<!")) {
            return null;
        }
        Matcher root = ROOT.matcher(rest);
        if (!root.lookingAt()) {
            return "text that is not XML";
        }
        return "Envelope".equals(root.group(2)) ? null : "XML that is not SOAP (its root element is <" + root.group(2) + ">)";
    }

    private static final String[] PROLOG_PARTS = {" ", "\n", "\t", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<!-- a comment -->", "<!--", "-->", "<?xml", "x"};
    private static final String[] ROOTS = {"<soapenv:Envelope xmlns:soapenv=\"s\">", "<Envelope>", "<html><body>",
        "<HTML>", "<!DOCTYPE html>", "<!DOCTYPE soapenv:Envelope>", "<rss version=\"2.0\">", "<a:" + "n".repeat(300) + ">",
        "plain text", "", "\u0000<"};

    @Test
    void theStartTellsWhatTheWholeAnswerTells() {
        Random random = new Random(4096);
        for (int run = 0; run < 3_000; run++) {
            StringBuilder body = new StringBuilder();
            if (random.nextInt(8) == 0) {
                body.append('\uFEFF');
            }
            // Prologs of every length around the 4,096 bytes decoded first, cut anywhere.
            int prologLength = random.nextInt(8) == 0 ? random.nextInt(40) : 3_900 + random.nextInt(400);
            while (body.length() < prologLength) {
                String part = PROLOG_PARTS[random.nextInt(PROLOG_PARTS.length)];
                body.append(random.nextBoolean() ? part : part.repeat(1 + random.nextInt(60)));
            }
            body.append(ROOTS[random.nextInt(ROOTS.length)]);
            body.append("<Body>".repeat(random.nextInt(2) * (1 + random.nextInt(2_000))));
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            String contentType = random.nextInt(10) == 0 ? "text/html; charset=utf-8" : "text/xml; charset=utf-8";
            assertEquals(wholeAnswer(bytes, contentType), NotVsphereAnswer.describe(bytes, contentType),
                    () -> "for " + body.length() + " chars: " + body.substring(Math.max(0, 4_000), Math.min(body.length(), 4_200)));
        }
    }

    /** A well-formed prolog that ends just before, at or after the cut, and a root element's name across it. */
    @Test
    void aRootElementAcrossTheCutIsReadWhole() {
        for (String root : new String[] {"<soapenv:Envelope xmlns:soapenv=\"s\">", "<rss:" + "n".repeat(100) + ">", "<html>"}) {
            for (int blanks = 3_950; blanks < 4_110; blanks++) {
                byte[] body = ("<?xml version=\"1.0\"?>" + " ".repeat(blanks) + root + "<Body/>".repeat(100))
                        .getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(wholeAnswer(body, null), NotVsphereAnswer.describe(body, null), root + " after " + blanks);
            }
        }
    }

    @Test
    void aLargeSoapAnswerIsSoap() {
        byte[] answer = (FakeVcenterEndpoint.ENVELOPE_START + "<x/>".repeat(1_000_000) + FakeVcenterEndpoint.ENVELOPE_END)
                .getBytes(StandardCharsets.UTF_8);
        assertNull(NotVsphereAnswer.describe(answer, "text/xml; charset=utf-8"));
        assertEquals("HTML", NotVsphereAnswer.describe(("  <html>" + " ".repeat(10_000)).getBytes(StandardCharsets.UTF_8), null));
        assertEquals("with an empty body", NotVsphereAnswer.describe(" ".repeat(10_000).getBytes(StandardCharsets.UTF_8), null));
    }
}
