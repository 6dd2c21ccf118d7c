package dev.provision.armlab;

/** {@code securityProfile.securityType}; "Standard" is what Azure means when the profile is absent. */
public enum SecurityType {
    STANDARD("Standard"),
    TRUSTED_LAUNCH("TrustedLaunch"),
    CONFIDENTIAL_VM("ConfidentialVM");

    private final String armValue;

    SecurityType(String armValue) {
        this.armValue = armValue;
    }

    public String armValue() {
        return armValue;
    }

    static SecurityType fromArm(String value) {
        if (value == null || value.isBlank()) {
            return STANDARD;
        }
        for (SecurityType type : values()) {
            if (type.armValue.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw ArmException.badRequest("InvalidParameter",
                "The value '" + value + "' of parameter 'securityProfile.securityType' is invalid.");
    }
}
