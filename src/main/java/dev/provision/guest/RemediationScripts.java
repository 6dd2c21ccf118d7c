package dev.provision.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The opt-in remediation script ({@code guest/enable-features.ps1}), made ready for a transport. Pure: the same
 * features give the same text, so a retried Run Command sends exactly what the first one did.
 */
public final class RemediationScripts {
    private static final String RESOURCE = "/guest/enable-features.ps1";
    /** Windows optional feature names; the script checks the same. */
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static String text;

    private RemediationScripts() {}

    /** One self-contained script for Azure Run Command, the features bound inside it as with the probe. */
    public static String runCommandScript(List<String> features) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature to enable");
        }
        for (String feature : features) {
            if (!FEATURE.matcher(feature).matches()) {
                throw new IllegalArgumentException("'" + feature + "' is not a Windows feature name");
            }
        }
        return "& {\n" + text() + "\n} -Features @(" + features.stream().map(ProbeScripts::quote)
                .collect(Collectors.joining(", ")) + ")\n";
    }

    public static synchronized String text() {
        if (text == null) {
            try (InputStream in = RemediationScripts.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the remediation script " + RESOURCE + " is missing from this build");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        return text;
    }
}
