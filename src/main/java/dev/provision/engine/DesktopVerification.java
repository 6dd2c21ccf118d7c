package dev.provision.engine;

import dev.provision.guest.GuestFacts;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.VerdictRules;
import dev.provision.guest.VmContext;
import dev.provision.guest.VmVerification;
import dev.provision.provider.DesktopProbe;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;

import java.util.List;
import java.util.Objects;

/**
 * {@code provision probe}: a desktop judged from the inside, as verify judges a VM, but with nothing but the guest's
 * own evidence (its hypervisor cannot be asked), against one profile's guest checks.
 */
public final class DesktopVerification {
    /** The target name in reports: the desktop was probed from inside, not through a target of a spec. */
    public static final String TARGET = "probe";

    private final GuestSpec guest;

    public DesktopVerification(GuestSpec guest) {
        this.guest = guest;
    }

    /**
     * Judges what the probe wrote on the desktop.
     *
     * @param name the desktop's name in reports, or null for the computer name the probe read
     */
    public VmVerification judge(List<ProbeDocument> documents, String name) throws ProbeOutputException {
        GuestFacts facts = ProbeDocument.facts(documents);
        String computer = documents.stream().map(ProbeDocument::computer).filter(Objects::nonNull).findFirst()
                .orElse("desktop");
        return new VmVerification(TARGET, name == null ? computer : name,
                VerdictRules.judge(facts, guest.checksOrEmpty(), VmContext.guestOnly()), null);
    }

    /**
     * Runs the probe here, booting {@code distro} (null: the profile's), and judges it.
     *
     * @param name the desktop's name in reports, or null for the computer name the probe read
     */
    public VmVerification probe(DesktopProbe here, String distro, String name)
            throws ProviderException, ProbeOutputException, InterruptedException {
        return judge(here.run(distro == null ? guest.distro() : distro), name);
    }
}
