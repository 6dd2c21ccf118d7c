package dev.provision.armlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What is inside a simulated VM's Windows: the edition, the three optional features Docker Desktop needs, whether
 * a reboot is pending, the local accounts Run Command may run as, and their WSL distros. Changed only by the
 * guest's own scripts (enabling features) and by restarts, as in Windows; guarded by the emulator's state lock.
 * Account passwords are kept as salted SHA-256 digests, never as text.
 */
public final class WindowsGuest {
    public static final String HYPERV = "Microsoft-Hyper-V-All";
    public static final String VIRTUAL_MACHINE_PLATFORM = "VirtualMachinePlatform";
    public static final String WSL = "Microsoft-Windows-Subsystem-Linux";
    /** The features in the order the system probe reports them. */
    public static final List<String> FEATURES = List.of(HYPERV, VIRTUAL_MACHINE_PLATFORM, WSL);
    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";
    public static final String ENABLE_PENDING = "EnablePending";

    /** The editions the emulator knows, with what Win32_OperatingSystem and the registry report for them. */
    public enum Edition {
        WINDOWS_11_ENTERPRISE("Microsoft Windows 11 Enterprise", "Enterprise", 22631, 1),
        WINDOWS_11_PRO("Microsoft Windows 11 Pro", "Professional", 22631, 1),
        WINDOWS_11_EDUCATION("Microsoft Windows 11 Education", "Education", 22631, 1),
        WINDOWS_SERVER_2022("Microsoft Windows Server 2022 Datacenter", "ServerDatacenter", 20348, 3);

        final String caption;
        final String editionId;
        final int build;
        final int productType;

        Edition(String caption, String editionId, int build, int productType) {
            this.caption = caption;
            this.editionId = editionId;
            this.build = build;
            this.productType = productType;
        }

        /** The edition a marketplace image installs: Windows desktop offers are 11 (Pro or Enterprise), the rest Server. */
        public static Edition ofImage(String publisher, String offer, String sku) {
            String p = lower(publisher);
            String o = lower(offer);
            String s = lower(sku);
            if (p.contains("windowsdesktop") || o.startsWith("windows-1")) {
                return s.contains("pro") ? WINDOWS_11_PRO : WINDOWS_11_ENTERPRISE;
            }
            return WINDOWS_SERVER_2022;
        }
    }

    private Edition edition = Edition.WINDOWS_SERVER_2022;
    private final Map<String, String> features = new LinkedHashMap<>();
    private boolean rebootPending;
    /** user (lower case) → "salt:digest". */
    private final Map<String, String> accounts = new LinkedHashMap<>();
    private final Set<String> distros = new LinkedHashSet<>(List.of("Ubuntu"));

    /** A fresh install: every feature off, no reboot pending, no accounts, an Ubuntu distro for every user. */
    public WindowsGuest() {
        FEATURES.forEach(f -> features.put(f, DISABLED));
    }

    public WindowsGuest edition(Edition edition) {
        this.edition = edition;
        return this;
    }

    /** Sets a feature's state: Enabled, Disabled or EnablePending. */
    public WindowsGuest feature(String name, String state) {
        if (!FEATURES.contains(name) || !List.of(ENABLED, DISABLED, ENABLE_PENDING).contains(state)) {
            throw new IllegalArgumentException("feature " + name + " " + state + " is not one the emulator knows");
        }
        features.put(name, state);
        return this;
    }

    public WindowsGuest allFeaturesEnabled() {
        FEATURES.forEach(f -> features.put(f, ENABLED));
        return this;
    }

    public WindowsGuest rebootPending(boolean pending) {
        this.rebootPending = pending;
        return this;
    }

    /** A local account Run Command may run as; the password is kept only as a salted digest. */
    public WindowsGuest account(String user, String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String encodedSalt = Base64.getEncoder().encodeToString(salt);
        accounts.put(lower(user), encodedSalt + ":" + digest(encodedSalt, password));
        return this;
    }

    /** Restores an account from a saved digest ({@link #accountDigests()}). */
    WindowsGuest accountDigest(String user, String saltAndDigest) {
        accounts.put(lower(user), saltAndDigest);
        return this;
    }

    /** The WSL distros every account has (default: Ubuntu). */
    public WindowsGuest distros(String... names) {
        distros.clear();
        distros.addAll(List.of(names));
        return this;
    }

    public Edition edition() {
        return edition;
    }

    public String feature(String name) {
        return features.getOrDefault(name, DISABLED);
    }

    public boolean featureOn(String name) {
        return ENABLED.equals(feature(name));
    }

    public boolean rebootPending() {
        return rebootPending;
    }

    public boolean server() {
        return edition.productType != 1;
    }

    Map<String, String> accountDigests() {
        return Map.copyOf(accounts);
    }

    Set<String> distroNames() {
        return Set.copyOf(distros);
    }

    boolean hasDistro(String name) {
        return distros.stream().anyMatch(d -> d.equalsIgnoreCase(name));
    }

    /** Whether Windows would log this user on with this password. */
    boolean logsOn(String user, String password) {
        String stored = user == null ? null : accounts.get(lower(localName(user)));
        if (stored == null || password == null) {
            return false;
        }
        int colon = stored.indexOf(':');
        return MessageDigest.isEqual(stored.substring(colon + 1).getBytes(StandardCharsets.US_ASCII),
                digest(stored.substring(0, colon), password).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code .\\user} and {@code COMPUTER\\user} name the local account {@code user}. */
    private static String localName(String user) {
        int slash = user.lastIndexOf('\\');
        return slash >= 0 ? user.substring(slash + 1) : user;
    }

    /**
     * What Enable-WindowsOptionalFeature does: a feature that is off becomes EnablePending and asks for a reboot;
     * one already on (or pending) is left as it is, so running it twice changes nothing more.
     */
    void enable(String name) {
        if (DISABLED.equals(feature(name))) {
            features.put(name, ENABLE_PENDING);
            rebootPending = true;
        }
    }

    /** A restart finishes what was pending. */
    void boot() {
        features.replaceAll((name, state) -> ENABLE_PENDING.equals(state) ? ENABLED : state);
        rebootPending = false;
    }

    WindowsGuest copy() {
        WindowsGuest copy = new WindowsGuest().edition(edition).rebootPending(rebootPending);
        copy.features.putAll(features);
        copy.accounts.putAll(accounts);
        copy.distros.clear();
        copy.distros.addAll(distros);
        return copy;
    }

    private static String digest(String salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
