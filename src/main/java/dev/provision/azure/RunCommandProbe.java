package dev.provision.azure;

import dev.provision.guest.GuestFacts;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.InvalidInputException;

import java.util.List;
import java.util.Map;

/**
 * The guest probe over Run Command: the system part through {@code RunPowerShellScript} (as SYSTEM), the user part
 * (the WSL 2 distro boot, which WSL refuses as LocalSystem) through a managed Run Command as {@code guest.user}.
 * Both scripts only read, so the SDK resending a POST does no harm. The guest password is read from its reference
 * only when the user part runs, goes to the SDK and nowhere else, and is scrubbed from any message.
 */
final class RunCommandProbe {
    /** How long the distro boot may take in the guest; the script itself stops wsl.exe after 300 s. */
    private static final int USER_TIMEOUT_SECONDS = 600;

    private final RunCommands runCommands;
    private final GuestAccess access;
    private final Map<String, String> env;

    RunCommandProbe(RunCommands runCommands, GuestAccess access, Map<String, String> env) {
        this.runCommands = runCommands;
        this.access = access;
        this.env = env;
    }

    GuestFacts probe(String vm, GuestSpec guest) throws ProviderException, InterruptedException {
        access.requireReady(vm, "probed");
        RunCommands.Result system = runCommands.asSystem(vm,
                List.of(ProbeScripts.runCommandScript(ProbePart.SYSTEM, null).split("\\R", -1)));
        ProbeDocument systemPart = parse(vm, "system", system.stdout(), system.stderr());
        return ProbeDocument.facts(systemPart, wantsBoot(guest) ? userPart(vm, guest) : null);
    }

    /** Only a WSL 2 boot needs the user context; without guest.user the check is skipped with its reason. */
    private static boolean wantsBoot(GuestSpec guest) {
        return guest.user() != null && guest.checksOrEmpty().contains(GuestCheck.WSL2_BOOT);
    }

    private ProbeDocument userPart(String vm, GuestSpec guest) throws ProviderException, InterruptedException {
        if (guest.password() == null) {
            throw new ProviderException("guest.user " + guest.user() + " is set for " + vm + " but guest.password "
                    + "is not: managed Run Command needs the user's password to boot the WSL distro as that user");
        }
        String password;
        try {
            password = guest.password().resolve(env);
        } catch (InvalidInputException e) {
            throw new ProviderException("the guest password of " + vm + " cannot be read: " + e.getMessage());
        }
        String distro = guest.distro() == null ? "Ubuntu" : guest.distro();
        RunCommands.Result user;
        try {
            user = runCommands.asUser(vm, VmNames.userProbeCommand(), ProbeScripts.runCommandScript(ProbePart.USER, distro),
                    guest.user(), password, USER_TIMEOUT_SECONDS);
        } catch (ProviderException e) {
            throw new ProviderException(scrub(e.getMessage(), password), e.vmState(), null);
        }
        if (user.stdout().isBlank() && "Failed".equalsIgnoreCase(user.executionState())) {
            // Azure reports a refused logon as a Failed execution with no output and a message, exit code 0.
            String why = user.executionMessage() == null || user.executionMessage().isBlank() ? user.stderr()
                    : user.executionMessage();
            throw new ProviderException("the WSL boot check could not run as " + guest.user() + " on " + vm + ": "
                    + scrub(why, password) + " (check guest.user and guest.password)");
        }
        return parse(vm, "user", scrub(user.stdout(), password), scrub(user.stderr(), password));
    }

    private static ProbeDocument parse(String vm, String part, String stdout, String stderr) throws ProviderException {
        try {
            ProbeDocument document = ProbeDocument.parse(stdout);
            if (!document.part().key().equals(part)) {
                throw new ProviderException("the " + part + " probe of " + vm + " answered with its "
                        + document.part().key() + " part");
            }
            return document;
        } catch (ProbeOutputException e) {
            String err = stderr == null || stderr.isBlank() ? "" : "; stderr: " + oneLine(stderr);
            throw new ProviderException("the " + part + " part of the guest probe on " + vm + " gave no usable "
                    + "result (" + e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): "
                    + e.getMessage() + err);
        }
    }

    /** A message never carries the password, even if something upstream echoed it. */
    static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "***");
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
