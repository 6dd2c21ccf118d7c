package dev.provision.vsphere;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises answers that are not the vSphere SOAP API, before yavijava's parser turns them into a
 * NullPointerException or a chain of "Exception caught trying to invoke method …": a web server's HTML page
 * (a URL without /sdk, a proxy's login page), an empty body, plain text, or XML of some other service. What it
 * returns names what came back in words, so that a person can fix the URL.
 */
final class NotVsphereAnswer {
    private static final Pattern PROLOG = Pattern.compile(
            "\\A\\uFEFF?\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("\\A<([A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)");

    /** How much of an answer is decoded first to tell what it is: far more than any prolog vSphere sends. */
    private static final int HEAD_BYTES = 4096;
    /** What {@link #describe(String, byte[], String, boolean)} says when a cut start cannot tell. */
    private static final String UNDECIDED = "undecided";

    private NotVsphereAnswer() {}

    /** @return what the body is, e.g. "HTML", when it is not a SOAP envelope; null when it is one */
    static String describe(byte[] body, String contentType) {
        // The start first: answers run to megabytes (1,000 VMs: 3.4 MB), and decoding and lower-casing all of one
        // per call cost milliseconds and fed the garbage collector. All of it only when the start cannot tell.
        if (body.length > HEAD_BYTES) {
            String verdict = describe(decode(body, HEAD_BYTES), body, contentType, true);
            if (verdict != UNDECIDED) { // identity: the marker, never an equal text
                return verdict;
            }
        }
        return describe(decode(body, body.length), body, contentType, false);
    }

    /**
     * Whether these first bytes of a longer answer already tell that it is a SOAP envelope (false also when they
     * cannot tell: then the whole answer must be judged by {@link #describe(byte[], String)}).
     */
    static boolean startsAsSoap(byte[] start, String contentType) {
        return describe(decode(start, start.length), start, contentType, true) == null;
    }

    /**
     * @param text the body decoded, or only its start when {@code cut}
     * @return as {@link #describe(byte[], String)}, or {@link #UNDECIDED} when a cut start ends too early to tell
     */
    private static String describe(String text, byte[] body, String contentType, boolean cut) {
        if (text.isBlank()) {
            return cut ? UNDECIDED : "with an empty body";
        }
        String stripped = text.stripLeading();
        if (cut && stripped.length() < 64) {
            return UNDECIDED;
        }
        String start = (stripped.length() <= 64 ? stripped : stripped.substring(0, 64)).toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")
                || contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return "HTML";
        }
        if (containsNul(body)) {
            return null; // UTF-16 or the like: GuardedWsClient refuses it on its own grounds
        }
        Matcher prolog = PROLOG.matcher(text);
        int rest = prolog.lookingAt() ? prolog.end() : 0;
        if (cut && prolog.hitEnd()) {
            return UNDECIDED; // the prolog may go on past the start
        }
        if (text.startsWith("<!", rest)) {
            return null; // a DOCTYPE: GuardedWsClient refuses it unparsed
        }
        Matcher root = ROOT.matcher(text).region(rest, text.length()); // \A anchors at the region's start
        boolean found = root.lookingAt();
        if (cut && root.hitEnd()) {
            return UNDECIDED; // the root element's name may go on past the start
        }
        if (!found) {
            return "text that is not XML";
        }
        return "Envelope".equals(root.group(2)) ? null : "XML that is not SOAP (its root element is <" + root.group(2) + ">)";
    }

    /** ISO-8859-1 maps every byte to one char: markers are found whatever the (ASCII-compatible) encoding. */
    private static String decode(byte[] body, int length) {
        return new String(body, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean containsNul(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** A question that points at the usual mistake: the API lives under /sdk of the vCenter or ESXi host. */
    static String hint(URI sdkUrl) {
        String sdk = sdkUrl.getScheme() + "://" + sdkUrl.getAuthority() + "/sdk";
        return "/sdk".equals(sdkUrl.getPath()) ? "is " + sdkUrl.getAuthority() + " a vCenter or ESXi host?"
                : "is the URL " + sdk + "?";
    }
}
