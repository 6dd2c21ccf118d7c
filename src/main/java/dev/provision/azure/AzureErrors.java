package dev.provision.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;

/** ARM and SDK failures in one line a user can act on: the ARM error code first, then Azure's own words. */
final class AzureErrors {
    private static final int MAX = 400;

    private AzureErrors() {}

    /** The ARM error code ("SkuNotAvailable", "OperationNotAllowed"...), or null when there is none. */
    static String code(Throwable e) {
        if (e instanceof ManagementException m && m.getValue() != null) {
            return m.getValue().getCode();
        }
        return null;
    }

    /**
     * Compute refused an explicit {@code securityType: Standard}: on a subscription without the feature
     * Microsoft.Compute/UseStandardSecurityType it answers InvalidParameter with target securityProfile.securityType
     * ("The value of parameter securityProfile.securityType is invalid.", quoted by the Trusted Launch team in
     * Azure/azure-cli#31234); any message naming the feature counts too. Only call it when Standard was sent.
     */
    static boolean standardSecurityTypeRefused(Throwable e) {
        if (!(e instanceof ManagementException m) || m.getValue() == null) {
            return false;
        }
        String message = String.valueOf(m.getValue().getMessage());
        if (message.contains("UseStandardSecurityType")) {
            return true;
        }
        return "InvalidParameter".equals(m.getValue().getCode())
                && ("securityProfile.securityType".equalsIgnoreCase(m.getValue().getTarget())
                        || message.contains("securityProfile.securityType"));
    }

    static int status(Throwable e) {
        return e instanceof HttpResponseException h && h.getResponse() != null ? h.getResponse().getStatusCode() : 0;
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UntrustedEndpoint untrusted) {
                return untrusted.getMessage(); // already one line with its remedy; never clipped
            }
        }
        if (e instanceof ManagementException m && m.getValue() != null) {
            return clip(m.getValue().getCode() + ": " + m.getValue().getMessage());
        }
        if (e instanceof ClientAuthenticationException) {
            return clip("no Azure credential worked (set the target's token: ${env:...}, or sign in with 'az login', "
                    + "or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET): " + firstLine(e.getMessage()));
        }
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            return clip("HTTP " + h.getResponse().getStatusCode() + ": " + firstLine(e.getMessage()));
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return clip(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": "
                + firstLine(root.getMessage())));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String clip(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
