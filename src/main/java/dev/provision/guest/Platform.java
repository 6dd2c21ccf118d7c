package dev.provision.guest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The platform a Windows guest runs on as far as the guest can tell, and how sure that is.
 *
 * <p>Signals come from two independent sources: the firmware (the SMBIOS strings a hypervisor sets, and Azure's
 * chassis asset tag) and the software running in the guest (VMware Tools, Hyper-V integration services, Xen PV or
 * VirtIO drivers, guest agents). {@link Confidence#HIGH} needs both sources to agree; one strong signal is
 * {@link Confidence#MEDIUM}; weak hints alone, or strong signals that disagree, identify nothing: the platform is
 * then {@link Kind#UNKNOWN} with what was seen. A flavour (Azure of Hyper-V, Citrix of Xen, Nutanix of KVM) needs a
 * strong signal of its own; a weak one is only mentioned.
 *
 * @param name     what to call it in messages: the kind's name, or the vendor the firmware names for OTHER_VM
 * @param evidence what was seen, one signal each, for reports
 */
public record Platform(Kind kind, String name, Confidence confidence, List<String> evidence) {
    public Platform {
        evidence = List.copyOf(evidence);
    }

    public enum Kind {
        VMWARE("VMware"), HYPERV("Microsoft Hyper-V"), AZURE("Microsoft Azure"), XEN("a Xen-based hypervisor"),
        CITRIX_HYPERVISOR("Citrix Hypervisor/XenServer"), KVM("KVM/QEMU"), NUTANIX_AHV("Nutanix AHV"),
        OTHER_VM("another hypervisor"), PHYSICAL("a physical machine"), UNKNOWN("an unidentified platform");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The hypervisor family a flavour belongs to: Azure runs on Hyper-V, Citrix Hypervisor on Xen, AHV on KVM. */
        Kind family() {
            return switch (this) {
                case AZURE -> HYPERV;
                case CITRIX_HYPERVISOR -> XEN;
                case NUTANIX_AHV -> KVM;
                default -> this;
            };
        }
    }

    /** One thing seen: which platform it points to, from which source, and whether it is strong. */
    record Signal(Kind kind, boolean firmware, boolean strong, String what) {
    }

    /** Firmware strings of hypervisors outside the matrix; the first match names the vendor. */
    private static final Map<String, String> OTHER_VENDORS = new LinkedHashMap<>();

    static {
        OTHER_VENDORS.put("amazon", "Amazon EC2");
        OTHER_VENDORS.put("innotek", "VirtualBox");
        OTHER_VENDORS.put("virtualbox", "VirtualBox");
        OTHER_VENDORS.put("parallels", "Parallels");
        OTHER_VENDORS.put("google", "Google Compute Engine");
        OTHER_VENDORS.put("openstack", "OpenStack");
        OTHER_VENDORS.put("bhyve", "bhyve");
    }

    public String describe() {
        return name + " (" + confidence.key() + " confidence: " + String.join("; ", evidence) + ")";
    }

    /** What the probe's platform facts identify; UNKNOWN with LOW confidence when they say too little. */
    public static Platform identify(PlatformFacts facts) {
        List<Signal> signals = new ArrayList<>(firmwareSignals(facts));
        signals.addAll(softwareSignals(facts));
        Set<Kind> strongFamilies = EnumSet.noneOf(Kind.class);
        signals.stream().filter(Signal::strong).forEach(s -> strongFamilies.add(s.kind().family()));
        if (strongFamilies.size() > 1) {
            return new Platform(Kind.UNKNOWN, Kind.UNKNOWN.label(), Confidence.LOW,
                    prefixed("signals disagree: ", whats(signals)));
        }
        if (strongFamilies.isEmpty()) {
            return withoutVmSignals(facts, signals);
        }
        Kind family = strongFamilies.iterator().next();
        List<Signal> ofFamily = signals.stream().filter(s -> s.kind().family() == family).toList();
        boolean bothSources = ofFamily.stream().anyMatch(Signal::firmware)
                && ofFamily.stream().anyMatch(s -> !s.firmware());
        Confidence confidence = bothSources ? Confidence.HIGH : Confidence.MEDIUM;
        List<String> evidence = whats(ofFamily);
        Kind kind = family;
        for (Signal s : ofFamily) {
            if (s.kind() != family && s.strong()) {
                kind = s.kind();
            }
        }
        for (Signal s : ofFamily) {
            if (kind == family && s.kind() != family && !s.strong()) {
                evidence.add("possibly " + s.kind().label() + ", from that weak hint alone");
            }
        }
        String name = kind == Kind.OTHER_VM ? otherVendor(facts) : kind.label();
        return new Platform(kind, name, confidence, evidence);
    }

    /**
     * No hypervisor names itself. Firmware that names no VM vendor with no hypervisor at all beneath Windows is a
     * physical machine; with a hypervisor present that is most likely Windows' own (Hyper-V, Virtual Machine
     * Platform), so still physical, less sure. Weak hints alone identify nothing.
     */
    private static Platform withoutVmSignals(PlatformFacts f, List<Signal> weak) {
        if (!weak.isEmpty()) {
            return new Platform(Kind.UNKNOWN, Kind.UNKNOWN.label(), Confidence.LOW,
                    prefixed("only a weak hint: ", whats(weak)));
        }
        String firmware = firmwareText(f);
        if (firmware.isEmpty() || f.hypervisorPresent() == null) {
            return new Platform(Kind.UNKNOWN, Kind.UNKNOWN.label(), Confidence.LOW, List.of(firmware.isEmpty()
                    ? "the firmware names no manufacturer" : "firmware " + firmware + ", hypervisor presence unknown"));
        }
        if (!f.hypervisorPresent()) {
            return new Platform(Kind.PHYSICAL, Kind.PHYSICAL.label(), Confidence.HIGH, List.of("firmware "
                    + firmware + " names no hypervisor", "no hypervisor runs beneath Windows"));
        }
        return new Platform(Kind.PHYSICAL, Kind.PHYSICAL.label(), Confidence.MEDIUM, List.of("firmware " + firmware
                + " names no hypervisor", "no guest tools run", "a hypervisor is present: Windows' own, as a rule"));
    }

    private static List<Signal> firmwareSignals(PlatformFacts f) {
        List<Signal> out = new ArrayList<>();
        String manufacturer = lower(f.manufacturer());
        String model = lower(f.model());
        String bios = lower(f.biosVendor()) + " " + lower(f.biosVersion());
        String all = manufacturer + " " + model + " " + bios;
        String seen = "firmware " + firmwareText(f);
        if (otherVendor(f) != null) {
            // Amazon's Xen and Nitro, VirtualBox, ...: named before the hypervisor families their strings share.
            out.add(new Signal(Kind.OTHER_VM, true, true, seen));
            return out;
        }
        if (all.contains("vmware")) {
            out.add(new Signal(Kind.VMWARE, true, true, seen));
        }
        if (manufacturer.contains("microsoft") && model.contains("virtual machine") || bios.contains("hyper-v")) {
            out.add(new Signal(Kind.HYPERV, true, true, seen));
        }
        if (f.has("aztag")) {
            out.add(new Signal(Kind.AZURE, true, true, "Azure's chassis asset tag"));
        }
        if (manufacturer.equals("xen") || model.contains("hvm domu") || lower(f.biosVendor()).equals("xen")) {
            out.add(new Signal(Kind.XEN, true, true, seen));
        }
        if (all.contains("nutanix") || model.equals("ahv")) {
            out.add(new Signal(Kind.NUTANIX_AHV, true, true, seen));
        }
        if (manufacturer.contains("qemu") || model.equals("kvm") || model.startsWith("standard pc (")) {
            out.add(new Signal(Kind.KVM, true, true, seen));
        } else if (bios.contains("seabios") || bios.contains("edk ii") || bios.contains("ovmf")) {
            // Open-source firmware QEMU uses, but not only QEMU: a hint, not a verdict.
            out.add(new Signal(Kind.KVM, true, false, "BIOS " + quoted(f.biosVendor()) + ", open-source firmware "
                    + "that KVM/QEMU uses among others"));
        }
        return out;
    }

    private static List<Signal> softwareSignals(PlatformFacts f) {
        List<Signal> out = new ArrayList<>();
        addIf(out, f, "vmtools", Kind.VMWARE, true, "VMware Tools running");
        addIf(out, f, "vmic", Kind.HYPERV, true, "Hyper-V integration services running");
        addIf(out, f, "azagent", Kind.AZURE, true, "Azure VM Agent running");
        addIf(out, f, "xenbus", Kind.XEN, true, "Xen PV drivers running");
        addIf(out, f, "xenserver", Kind.CITRIX_HYPERVISOR, true, "XenServer/Citrix VM Tools agent running");
        addIf(out, f, "xentools", Kind.CITRIX_HYPERVISOR, false, "a XenServer/Citrix VM Tools registry key");
        addIf(out, f, "virtio", Kind.KVM, true, "VirtIO drivers running");
        addIf(out, f, "qemuga", Kind.KVM, true, "QEMU guest agent running");
        addIf(out, f, "ngt", Kind.NUTANIX_AHV, true, "Nutanix Guest Tools running");
        return out;
    }

    private static void addIf(List<Signal> out, PlatformFacts f, String marker, Kind kind, boolean strong,
                              String what) {
        if (f.has(marker)) {
            out.add(new Signal(kind, false, strong, what));
        }
    }

    private static String otherVendor(PlatformFacts f) {
        String all = lower(f.manufacturer()) + " " + lower(f.model()) + " " + lower(f.biosVendor()) + " "
                + lower(f.biosVersion());
        return OTHER_VENDORS.entrySet().stream().filter(e -> all.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The firmware strings as seen, quoted, e.g. 'VMware, Inc.' 'VMware7,1' BIOS 'VMware, Inc.' 'VMW71.00V'. */
    private static String firmwareText(PlatformFacts f) {
        List<String> parts = new ArrayList<>();
        for (String s : new String[] {f.manufacturer(), f.model()}) {
            if (s != null) {
                parts.add(quoted(s));
            }
        }
        if (f.biosVendor() != null || f.biosVersion() != null) {
            parts.add("BIOS " + (f.biosVendor() == null ? "" : quoted(f.biosVendor()) + " ")
                    + (f.biosVersion() == null ? "" : quoted(f.biosVersion())));
        }
        return String.join(" ", parts).strip();
    }

    private static List<String> whats(List<Signal> signals) {
        List<String> out = new ArrayList<>();
        signals.stream().map(Signal::what).distinct().forEach(out::add);
        return out;
    }

    private static List<String> prefixed(String prefix, List<String> items) {
        return List.of(prefix + String.join("; ", items));
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).strip();
    }
}
