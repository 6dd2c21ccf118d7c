package dev.provision.rehearsal;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.EmulatorStateFile;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.azure.AzureEndpoint;
import dev.provision.azure.AzureProvider;
import dev.provision.azure.VmProperties;
import dev.provision.provider.ProviderException;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.AzureEmulator;
import dev.provision.spec.AzureVmTemplate;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cloud: emulator}: the ARM emulator started inside provision, on loopback, for one run. Everything above
 * it is the real Azure code path (SDK clients over HTTPS, the same reads, rules and writes); only the cloud is
 * local. Its VMs are saved beside the spec after every change, so a second apply finds what the first one made.
 */
public final class EmbeddedArm implements AutoCloseable {
    private static final String DEFAULT_SIZE = "Standard_D4s_v5";
    /** The emulator takes any bearer token; this one says so in any log that shows it. */
    private static final String ANY_TOKEN = "embedded-emulator-accepts-any-token";
    /** Compute answers Retry-After: 0; a Resource Manager on this machine has no read budget to spare. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final ArmEmulator arm;
    private final Path stateFile;

    private EmbeddedArm(ArmEmulator arm, Path stateFile) {
        this.arm = arm;
        this.stateFile = stateFile;
    }

    /**
     * The Azure provider of a {@code cloud: emulator} target: the embedded emulator started, seeded from its state
     * file or the spec, and the real Azure provider opened at it, saving the state after every change.
     *
     * @param env where the template's {@code ${env:...}} admin password is read from, for the seeded accounts
     */
    public static AzureProvider open(TargetSpec target, Path specDir, Map<String, String> env)
            throws ProviderException, InvalidInputException {
        EmbeddedArm rehearsal = start(target, specDir, env);
        ArmEmulator arm = rehearsal.arm;
        try {
            return AzureProvider.openAt(target, new AzureEndpoint(arm.endpoint(), arm.certificate(), ANY_TOKEN,
                    POLL_INTERVAL, ((AzureSettings) target.connection()).cloud(), rehearsal::save, rehearsal::close),
                    env);
        } catch (InvalidInputException e) {
            rehearsal.close(); // a wrong setting (the lease term) must not leave the emulator listening
            throw e;
        }
    }

    private static EmbeddedArm start(TargetSpec target, Path specDir, Map<String, String> env)
            throws ProviderException, InvalidInputException {
        AzureSettings azure = (AzureSettings) target.connection();
        AzureEmulator emulator = azure.emulator() != null ? azure.emulator()
                : new AzureEmulator(specDir.resolve(".provision/arm-" + target.name() + ".json"), List.of(), List.of());
        Optional<List<SeedVm>> saved;
        try {
            saved = EmulatorStateFile.load(emulator.stateFile());
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("the embedded ARM emulator's state file " + emulator.stateFile()
                    + " cannot be read (" + e.getMessage() + "); delete it to start the rehearsal over");
        }
        // An unreadable admin password is the spec's problem, reported at its reference: not the state file's.
        List<SeedVm> seeds = saved.isPresent() ? saved.get() : seed(azure, emulator, env);
        ArmEmulator.Builder builder = ArmEmulator.builder().subscriptionId(azure.subscription())
                .nestingFamilies(DocumentedNesting.families())
                .resourceGroup(azure.resourceGroup(), azure.location()).pollsBeforeDone(0)
                .hardwareCluster(emulator.hardwareCluster().toArray(String[]::new));
        seeds.forEach(builder::seedVm);
        ArmEmulator arm;
        try {
            arm = builder.start();
        } catch (RuntimeException e) {
            throw new ProviderException("the embedded ARM emulator did not start: " + e.getMessage(), null, e);
        }
        return new EmbeddedArm(arm, emulator.stateFile());
    }

    private static List<SeedVm> seed(AzureSettings azure, AzureEmulator emulator, Map<String, String> env)
            throws InvalidInputException {
        WindowsGuest guest = templateGuest(azure.template(), env);
        return emulator.vms().stream().map(vm -> SeedVm.of(azure.resourceGroup(), vm.name()).guest(guest)
                .location(azure.location()).size(vm.size() == null ? DEFAULT_SIZE : vm.size())
                .powerState(vm.power() == null ? ArmPowerState.RUNNING
                        : ArmPowerState.valueOf(vm.power().toUpperCase(Locale.ROOT)))
                .securityType(VmProperties.TRUSTED_LAUNCH.equals(vm.securityType()) ? SecurityType.TRUSTED_LAUNCH
                        : SecurityType.STANDARD)).toList();
    }

    /**
     * The emulated VMs are taken to have been made from the target's template, as the ones provision creates will
     * be: the template image's Windows edition, its admin account (the password kept as a salted digest), and the
     * optional features off, as on a fresh install. Without a template: Windows Server 2022, no account.
     */
    private static WindowsGuest templateGuest(AzureVmTemplate template, Map<String, String> env)
            throws InvalidInputException {
        WindowsGuest guest = new WindowsGuest();
        if (template == null) {
            return guest;
        }
        String[] urn = template.image().split(":");
        if (urn.length == 4) {
            guest.edition(WindowsGuest.Edition.ofImage(urn[0], urn[1], urn[2]));
        }
        if (template.adminUsername() != null && template.adminPassword() != null) {
            guest.account(template.adminUsername(), template.adminPassword().resolve(env));
        }
        return guest;
    }

    /** Saves the emulator's VMs beside the spec; a change that cannot be saved must not pass silently. */
    void save() {
        try {
            EmulatorStateFile.save(stateFile, arm.vms());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the embedded ARM emulator's state to " + stateFile, e);
        }
    }

    @Override
    public void close() {
        arm.close();
    }
}
