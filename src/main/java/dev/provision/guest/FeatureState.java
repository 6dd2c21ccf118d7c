package dev.provision.guest;

/** A Windows optional feature's state, as Get-WindowsOptionalFeature reports it. */
public enum FeatureState {
    ENABLED, DISABLED, ENABLE_PENDING, DISABLE_PENDING, ABSENT, UNKNOWN;

    /** Accepts the names PowerShell prints (Enabled, EnablePending…) and Win32_OptionalFeature's codes. */
    public static FeatureState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.trim().toLowerCase().replace("_", "").replace(" ", "")) {
            case "enabled", "1" -> ENABLED;
            case "disabled", "2" -> DISABLED;
            case "enablepending" -> ENABLE_PENDING;
            case "disablepending" -> DISABLE_PENDING;
            case "absent", "3", "disabledwithpayloadremoved" -> ABSENT;
            default -> UNKNOWN;
        };
    }
}
