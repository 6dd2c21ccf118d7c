package dev.provision.spec;

import java.util.Map;

/**
 * Windows sysprep settings written in the spec, for clones that have no customization specification stored in
 * vCenter: the fields a Windows clone needs to come up named, with a known administrator password, in a workgroup
 * or joined to a domain. Secrets are references, read only when a clone is made.
 *
 * @param computerName   the NetBIOS name of every clone; null names each clone after its VM (the usual case: a
 *                       fixed name only fits a target that creates one VM)
 * @param adminPassword  the local Administrator's new password, by reference
 * @param timeZone       Windows' numeric time zone index as sysprep takes it (85 is GMT); null for 85
 * @param workgroup      the workgroup to join; null when {@code domain} is given (both null: WORKGROUP)
 * @param domain         the Active Directory domain to join; null for a workgroup
 * @param domainUser     the account that joins the clone to {@code domain}
 * @param domainPassword that account's password, by reference
 * @param autoLogonCount how many times Windows logs on as Administrator by itself after sysprep; 0 for never
 * @param productKey     a Windows product key, by reference; null for none (volume licensing, KMS)
 * @param fullName       the registered owner's name sysprep requires; null for "Administrator"
 * @param organization   the registered organization sysprep requires; null for "provision"
 * @param locations      where each key was written, for plan-time errors (key to location)
 */
public record VsphereSysprep(String computerName, SecretRef adminPassword, Integer timeZone, String workgroup,
                             String domain, String domainUser, SecretRef domainPassword, int autoLogonCount,
                             SecretRef productKey, String fullName, String organization, SourceLocation location,
                             Map<String, SourceLocation> locations) {
    /** Windows' GMT time zone index, the default sysprep tools use. */
    public static final int GMT = 85;
    public static final String DEFAULT_WORKGROUP = "WORKGROUP";
    /** NetBIOS names are at most 15 characters (the 16th byte is the service type). */
    public static final int NETBIOS_MAX = 15;

    public VsphereSysprep {
        locations = Map.copyOf(locations);
    }

    /** Where {@code key} was written, or the block itself. */
    public SourceLocation at(String key) {
        return locations.getOrDefault(key, location);
    }

    public int timeZoneOrDefault() {
        return timeZone == null ? GMT : timeZone;
    }

    /**
     * Why {@code name} cannot be a Windows computer name, or null when it can: at most 15 characters of letters,
     * digits and hyphens, not only digits, not starting or ending with a hyphen (Windows' rules for NetBIOS and
     * DNS host names together, since sysprep sets both from it).
     */
    public static String computerNameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > NETBIOS_MAX) {
            return "has " + name.length() + " characters; Windows computer names have at most " + NETBIOS_MAX
                    + " (the NetBIOS limit)";
        }
        if (!name.matches("[A-Za-z0-9-]+")) {
            return "may only hold letters, digits and hyphens";
        }
        if (name.matches("[0-9]+")) {
            return "is only digits, which Windows refuses";
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            return "starts or ends with a hyphen";
        }
        return null;
    }
}
