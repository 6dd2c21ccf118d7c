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

    private NotVsphereAnswer() {}

    /** @return what the body is, e.g. "HTML", when it is not a SOAP envelope; null when it is one */
    static String describe(byte[] body, String contentType) {
        // ISO-8859-1 maps every byte to one char: markers are found whatever the (ASCII-compatible) encoding.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            return "with an empty body";
        }
        // Only the start is lower-cased: an inventory answer runs to megabytes, and copies of it cost milliseconds.
        String start = startOf(text.stripLeading()).toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")
                || contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return "HTML";
        }
        if (text.indexOf('\0') >= 0) {
            return null; // UTF-16 or the like: GuardedWsClient refuses it on its own grounds
        }
        Matcher prolog = PROLOG.matcher(text);
        int rest = prolog.lookingAt() ? prolog.end() : 0;
        if (text.startsWith("<!", rest)) {
            return null; // a DOCTYPE: GuardedWsClient refuses it unparsed
        }
        Matcher root = ROOT.matcher(text).region(rest, text.length()); // \A anchors at the region's start
        if (!root.lookingAt()) {
            return "text that is not XML";
        }
        return "Envelope".equals(root.group(2)) ? null : "XML that is not SOAP (its root element is <" + root.group(2) + ">)";
    }

    /** Enough of the text for the markers tested at its start. */
    private static String startOf(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64);
    }

    /** A question that points at the usual mistake: the API lives under /sdk of the vCenter or ESXi host. */
    static String hint(URI sdkUrl) {
        String sdk = sdkUrl.getScheme() + "://" + sdkUrl.getAuthority() + "/sdk";
        return "/sdk".equals(sdkUrl.getPath()) ? "is " + sdkUrl.getAuthority() + " a vCenter or ESXi host?"
                : "is the URL " + sdk + "?";
    }
}
