package dev.provision.spec;

import static dev.provision.spec.ValueType.BOOLEAN;
import static dev.provision.spec.ValueType.DURATION;
import static dev.provision.spec.ValueType.ENUM;
import static dev.provision.spec.ValueType.ENUM_LIST;
import static dev.provision.spec.ValueType.INTEGER;
import static dev.provision.spec.ValueType.MAPPING;
import static dev.provision.spec.ValueType.MAPPING_LIST;
import static dev.provision.spec.ValueType.NAME_OR_NAMES;
import static dev.provision.spec.ValueType.PATH;
import static dev.provision.spec.ValueType.SECRET;
import static dev.provision.spec.ValueType.STRING;
import static dev.provision.spec.ValueType.STRING_LIST;
import static dev.provision.spec.ValueType.URL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every key a spec or profile may contain, defined once. {@link SpecLoader} reports any other key as unknown (with
 * a suggestion) and {@link SpecSchema} turns the same tables into the JSON Schema editors use.
 */
final class SpecKeys {
    private SpecKeys() {
    }

    static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    /** SHA-256: 32 bytes as 64 hex digits, with or without a colon between bytes. */
    static final String SHA256_THUMBPRINT = "^(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}|[0-9A-Fa-f]{64})$";
    static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    static final String AZURE_REGION = "^[a-z0-9]+$";
    static final String RESOURCE_GROUP = "^[-A-Za-z0-9_.()]{0,89}[-A-Za-z0-9_()]$";
    static final String IMAGE = "^(?:[^:\\s]+:[^:\\s]+:[^:\\s]+:[^:\\s]+|/subscriptions/.+)$";
    static final String SUBNET_ID = "^/subscriptions/.+/subnets/[^/]+$";
    static final String ZONE = "^[1-3]$";
    static final String DURATION_TEXT = "^(?:(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?"
            + "|P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\\.[0-9]+)?S)?)?)$";
    /** A non-secret connection field may also name an environment variable instead of a value. */
    static String orEnv(String regex) {
        return "(?:" + regex + ")|^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$";
    }

    static final String SECRET_REF = "^\\$\\{(?:env:[A-Za-z_][A-Za-z0-9_]*|file:[^}]+)\\}$";

    static final List<String> TARGET_KINDS = Arrays.stream(TargetKind.values()).map(TargetKind::key).toList();
    static final List<String> POWER_CYCLES = Arrays.stream(PowerCyclePolicy.values()).map(PowerCyclePolicy::key)
            .toList();
    static final List<String> GUEST_CHECKS = Arrays.stream(GuestCheck.values()).map(GuestCheck::key).toList();
    static final List<String> AZURE_CLOUDS = List.of("AzureCloud", "AzureChinaCloud", "AzureUSGovernment", "custom",
            "emulator");
    static final List<String> EMULATOR_POWER_STATES = List.of("running", "stopped", "deallocated");
    static final List<String> OS_DISK_TYPES = List.of("Premium_LRS", "Premium_ZRS", "StandardSSD_LRS",
            "StandardSSD_ZRS", "Standard_LRS");
    /** Confidential VMs are left out on purpose: no confidential size offers nested virtualization. */
    static final List<String> SECURITY_TYPES = List.of("Standard", "TrustedLaunch");
    static final List<String> POWER_STATES = List.of("on", "off");

    static final KeyTable SIZE = new KeyTable("size", "the size block",
            "What the VM's size must offer: an exact size, or minimums with an order of preference.", List.of(
            SpecKey.of("exact", STRING, "An exact size name, e.g. Standard_D4s_v5 (Azure)."),
            SpecKey.of("minVcpus", INTEGER, "The fewest virtual CPUs acceptable.").atLeast(1),
            SpecKey.of("minMemoryGiB", INTEGER, "The least memory acceptable, in GiB.").atLeast(1),
            SpecKey.of("preferred", STRING_LIST, "Size names to try first, in order, when a resize is needed."),
            SpecKey.of("allowAmd", BOOLEAN, "Allow AMD sizes (nesting on AMD needs a Windows 11 or Server 2022 "
                    + "guest); Intel sizes are preferred otherwise.")));

    static final KeyTable GUEST = new KeyTable("guest", "the guest block",
            "What to prove inside the Windows guest, and how to get in.", List.of(
            SpecKey.oneOf("checks", ENUM_LIST, GUEST_CHECKS, "The checks to run inside the guest."),
            SpecKey.of("distro", STRING, "The WSL distro whose boot proves WSL 2 works, e.g. Ubuntu."),
            SpecKey.of("user", STRING, "The guest user the distro belongs to (WSL refuses to run as SYSTEM)."),
            SpecKey.of("password", SECRET, "That user's password, by reference only."),
            SpecKey.of("enableFeatures", BOOLEAN, "Opt in: enable missing Windows features (needs a reboot).")));

    /** The keys of a DesiredState layer, shared by desired blocks, profiles and VM entries. */
    static final List<SpecKey> DESIRED_KEYS = List.of(
            SpecKey.of("nestedVirtualization", BOOLEAN, "Expose hardware virtualization to the guest "
                    + "(default true)."),
            SpecKey.table("size", MAPPING, SIZE, "What the VM's size must offer."),
            SpecKey.oneOf("powerCycle", ENUM, POWER_CYCLES, "What provision may do to a running VM whose change "
                    + "needs it off: never (default), graceful shutdown, or force after the timeout."),
            SpecKey.of("shutdownTimeout", DURATION, "How long a graceful shutdown may take (default 5m)."),
            SpecKey.table("guest", MAPPING, GUEST, "What to prove inside the guest."),
            SpecKey.of("upgradeHardware", BOOLEAN, "Opt in (vSphere): upgrade a hardware version too old for "
                    + "nesting."),
            SpecKey.of("replaceTrustedLaunch", BOOLEAN, "Opt in (Azure): replace a VM whose Trusted Launch "
                    + "blocks nesting."));

    static final KeyTable DESIRED = new KeyTable("desired", "the desired block",
            "The state wanted for VMs. Layers: profiles < spec-wide desired < target desired < VM entry.",
            DESIRED_KEYS);

    static final KeyTable VM_ENTRY = new KeyTable("vmEntry", "a VM entry",
            "A VM by exact name, or (vSphere and lab) every VM whose name matches a glob pattern, with optional "
                    + "overrides of any desired-state key.", concat(List.of(
            SpecKey.of("name", STRING, "The VM's exact name."),
            SpecKey.of("pattern", STRING, "A glob: * any run, ? one character, [abc] one of a set "
                    + "(vSphere and lab only).")), DESIRED_KEYS));

    static final KeyTable AZURE_TEMPLATE = new KeyTable("azureTemplate", "the azure template block",
            "How new Azure VMs are made.", List.of(
            SpecKey.of("image", STRING, "An image URN publisher:offer:sku:version, or an image resource ID.")
                    .mandatory().matching(IMAGE),
            SpecKey.of("adminUsername", STRING, "The administrator account's name.").mandatory(),
            SpecKey.of("adminPassword", SECRET, "The administrator's password, by reference.").mandatory(),
            SpecKey.of("subnet", STRING, "The full resource ID of an existing subnet.").mandatory()
                    .matching(SUBNET_ID),
            SpecKey.of("publicIp", BOOLEAN, "Give the VM a public IP address (default false)."),
            SpecKey.of("zones", STRING_LIST, "Availability zones, e.g. [\"1\"].").matching(ZONE),
            SpecKey.oneOf("osDiskType", ENUM, OS_DISK_TYPES, "The OS disk's storage type (default Premium_LRS)."),
            SpecKey.oneOf("securityType", ENUM, SECURITY_TYPES, "Standard (default) or TrustedLaunch; "
                    + "Trusted Launch may block nested virtualization.")));

    static final KeyTable AZURE_EMULATOR_VM = new KeyTable("azureEmulatorVm", "an emulated Azure VM",
            "A VM of the emulated subscription as it is before the first apply.", List.of(
            SpecKey.of("name", STRING, "The VM's name.").mandatory(),
            SpecKey.of("size", STRING, "Its size, from the recorded eastus2 list (default Standard_D4s_v5)."),
            SpecKey.oneOf("power", ENUM, EMULATOR_POWER_STATES, "running (default), stopped or deallocated."),
            SpecKey.oneOf("securityType", ENUM, SECURITY_TYPES, "Standard (default) or TrustedLaunch.")));

    static final KeyTable AZURE_EMULATOR = new KeyTable("azureEmulator", "the azure emulator block",
            "With cloud: emulator, the embedded ARM emulator's seed: a local rehearsal, not Azure.", List.of(
            SpecKey.of("stateFile", PATH, "Where the emulator keeps its VMs, relative to the spec's folder "
                    + "(default .provision/arm-TARGET.json)."),
            SpecKey.table("vms", MAPPING_LIST, AZURE_EMULATOR_VM, "The VMs before the first apply."),
            SpecKey.of("hardwareCluster", STRING_LIST, "Sizes a running VM can be resized to in place "
                    + "(default: every size of the region).")));

    static final KeyTable AZURE = new KeyTable("azure", "the azure block",
            "An Azure subscription, region and resource group.", List.of(
            SpecKey.of("subscription", STRING, "The subscription ID (a GUID), or ${env:NAME}; left out, "
                    + "AZURE_SUBSCRIPTION_ID.").matching(orEnv(GUID)),
            SpecKey.of("location", STRING, "The region name, e.g. eastus2, or ${env:NAME}.").mandatory()
                    .matching(orEnv(AZURE_REGION)),
            SpecKey.of("resourceGroup", STRING, "The resource group the VMs live in, or ${env:NAME}.").mandatory()
                    .matching(orEnv(RESOURCE_GROUP)),
            SpecKey.oneOf("cloud", ENUM, AZURE_CLOUDS, "Which Azure cloud (default AzureCloud); custom needs "
                    + "endpoint."),
            SpecKey.of("endpoint", URL, "A custom Resource Manager URL (Azure Stack Hub, an emulator); https."),
            SpecKey.of("caFile", PATH, "A CA certificate to trust for this connection only."),
            SpecKey.of("token", SECRET, "A pre-obtained bearer token by reference; omit to use the "
                    + "DefaultAzureCredential chain."),
            SpecKey.table("template", MAPPING, AZURE_TEMPLATE, "How new VMs are made; omit when the spec "
                    + "only changes existing VMs."),
            SpecKey.table("emulator", MAPPING, AZURE_EMULATOR, "With cloud: emulator, what the embedded ARM "
                    + "emulator holds before the first apply.")));

    static final KeyTable VSPHERE_SYSPREP = new KeyTable("vsphereSysprep", "the sysprep block",
            "Windows sysprep for clones, written here instead of a customization specification stored in vCenter. "
                    + "Secrets by reference only.", List.of(
            SpecKey.of("computerName", STRING, "The clone's computer name, at most 15 letters, digits or hyphens "
                    + "(default: the VM's name, which must fit the same rule); a fixed name fits one VM only.")
                    .matching("^[A-Za-z0-9-]{1,15}$"),
            SpecKey.of("adminPassword", SECRET, "The local Administrator's new password, by reference.")
                    .mandatory(),
            SpecKey.of("timeZone", INTEGER, "Windows' numeric time zone index, as sysprep takes it (default 85, "
                    + "GMT; e.g. 4 Pacific, 35 Eastern, 110 W. Europe).").atLeast(0),
            SpecKey.of("workgroup", STRING, "The workgroup to join (default WORKGROUP); not with domain."),
            SpecKey.of("domain", STRING, "The Active Directory domain to join; needs domainUser and "
                    + "domainPassword."),
            SpecKey.of("domainUser", STRING, "The account that adds the clone to the domain."),
            SpecKey.of("domainPassword", SECRET, "That account's password, by reference."),
            SpecKey.of("autoLogonCount", INTEGER, "How many times Windows logs on as Administrator by itself "
                    + "after sysprep (default 0: never).").atLeast(0),
            SpecKey.of("productKey", SECRET, "A Windows product key, by reference; omit for volume licensing."),
            SpecKey.of("fullName", STRING, "The registered owner sysprep asks for (default Administrator)."),
            SpecKey.of("organization", STRING, "The registered organization sysprep asks for (default "
                    + "provision).")));

    static final KeyTable VSPHERE_TEMPLATE = new KeyTable("vsphereTemplate", "the vsphere template block",
            "How VMs named in the spec but missing from the inventory are cloned.", List.of(
            SpecKey.of("source", STRING, "The template (or VM) to clone, by name.").mandatory(),
            SpecKey.of("folder", STRING, "The folder for the clones: /DC0/vm/vdi, or a path below the "
                    + "datacenter's VM folder (default: the target's folder, else the VM folder)."),
            SpecKey.of("cluster", STRING, "The cluster whose root resource pool takes the clones."),
            SpecKey.of("resourcePool", STRING, "The resource pool that takes the clones, by name."),
            SpecKey.of("datastore", STRING, "The datastore for the clones' files, by name.").mandatory(),
            SpecKey.of("network", STRING, "The network (standard or distributed portgroup) the clones' first "
                    + "adapter is connected to (default: the source's)."),
            SpecKey.of("customizationSpec", STRING, "An existing guest customization specification in vCenter, "
                    + "by name (e.g. a Windows sysprep spec); not with sysprep."),
            SpecKey.table("sysprep", MAPPING, VSPHERE_SYSPREP, "Windows sysprep fields for the clones, instead "
                    + "of customizationSpec.")));

    static final KeyTable VSPHERE = new KeyTable("vsphere", "the vsphere block",
            "A vCenter or ESXi endpoint. TLS is verified by the JDK trust store, caFile or thumbprint.", List.of(
            SpecKey.of("url", STRING, "The SDK URL, e.g. https://vcenter.example.com/sdk, or ${env:NAME}; "
                    + "left out, GOVC_URL.").matching(orEnv("^https?://")),
            SpecKey.of("username", STRING, "The account to log in as, or ${env:NAME}; left out, GOVC_USERNAME."),
            SpecKey.of("password", SECRET, "Its password, by reference; left out, ${env:GOVC_PASSWORD}."),
            SpecKey.of("thumbprint", STRING, "The server certificate's SHA-256 fingerprint, 64 hex digits, "
                    + "colons optional.").matching(SHA256_THUMBPRINT),
            SpecKey.of("caFile", PATH, "A CA certificate to trust for this connection only."),
            SpecKey.of("insecure", BOOLEAN, "Turn TLS verification off for this connection (default false, or "
                    + "GOVC_INSECURE)."),
            SpecKey.of("datacenter", STRING, "Read only this datacenter's inventory, or ${env:NAME}; left out, "
                    + "GOVC_DATACENTER."),
            SpecKey.of("folder", STRING, "Manage only the VMs below this folder: /DC0/vm/vdi, or a path below the "
                    + "datacenter's VM folder."),
            SpecKey.of("cluster", STRING, "Manage only the VMs of this cluster, by name."),
            SpecKey.of("resourcePool", STRING, "Manage only the VMs of this resource pool (and the pools below "
                    + "it), by name."),
            SpecKey.table("template", MAPPING, VSPHERE_TEMPLATE, "How missing VMs named in vms: are cloned; omit "
                    + "when the spec only changes existing VMs.")));

    static final KeyTable LAB_VM = new KeyTable("labVm", "a lab VM",
            "A simulated VM as it is before the first apply.", List.of(
            SpecKey.of("name", STRING, "The VM's name.").mandatory(),
            SpecKey.oneOf("power", ENUM, POWER_STATES, "Powered on or off (default on)."),
            SpecKey.of("nestedVirtualization", BOOLEAN, "Whether nesting is already exposed (default false)."),
            SpecKey.of("vcpus", INTEGER, "Virtual CPUs (default 2).").atLeast(1),
            SpecKey.of("memoryGiB", INTEGER, "Memory in GiB (default 8).").atLeast(1),
            SpecKey.of("windowsEdition", STRING, "Enterprise (default), Pro, Education or Server."),
            SpecKey.of("features", STRING_LIST, "Windows optional features already enabled."),
            SpecKey.of("failApply", BOOLEAN, "Make every change to this VM fail, to rehearse partial failure.")));

    static final KeyTable LAB = new KeyTable("lab", "the lab block",
            "A simulated hypervisor kept in a local state file.", List.of(
            SpecKey.of("stateFile", PATH, "Where the lab keeps its VMs, relative to the spec's folder "
                    + "(default .provision/lab-TARGET.json)."),
            SpecKey.of("stepDelay", DURATION, "How long each step of a change takes (left out: no wait); a rehearsal "
                    + "knob, to make changes slow enough to interrupt."),
            SpecKey.table("vms", MAPPING_LIST, LAB_VM, "The VMs as they are before the first apply."),
            SpecKey.of("newVmFeatures", STRING_LIST, "Windows optional features enabled in a VM the lab creates "
                    + "(default: Hyper-V, Virtual Machine Platform and WSL; [] for a fresh Windows image).")));

    static final KeyTable TARGET = new KeyTable("target", "a target",
            "One place whose VMs provision manages; holds exactly the connection block its kind names.", List.of(
            SpecKey.of("name", STRING, "A unique name: letters, digits, '.', '_' and '-'.").mandatory()
                    .matching(NAME),
            SpecKey.oneOf("kind", ENUM, TARGET_KINDS, "Where the VMs live.").mandatory(),
            SpecKey.table("azure", MAPPING, AZURE, "The Azure connection (kind: azure)."),
            SpecKey.table("vsphere", MAPPING, VSPHERE, "The vSphere connection (kind: vsphere)."),
            SpecKey.table("lab", MAPPING, LAB, "The lab connection (kind: lab)."),
            SpecKey.table("desired", MAPPING, DESIRED, "This target's desired state, over the spec-wide one."),
            SpecKey.table("vms", MAPPING_LIST, VM_ENTRY, "The VMs to manage, by name or pattern.")));

    static final KeyTable SPEC = new KeyTable("spec", "the spec",
            "A provision spec: which Windows VMs must run nested virtualization, and how to prove it.", List.of(
            SpecKey.of("extends", NAME_OR_NAMES, "Profiles to build on, later over earlier: a bare name is a "
                    + "bundled profile (docker-desktop, wsl2), a path is relative to this file."),
            SpecKey.table("desired", MAPPING, DESIRED, "The desired state for every target, over the profiles."),
            SpecKey.table("targets", MAPPING_LIST, TARGET, "The places whose VMs provision manages.").mandatory()));

    static final KeyTable PROFILE = new KeyTable("profile", "a profile",
            "A reusable desired-state layer a spec extends.", List.of(
            SpecKey.of("description", STRING, "What the profile means, for people."),
            SpecKey.of("extends", NAME_OR_NAMES, "Profiles this one builds on."),
            SpecKey.table("desired", MAPPING, DESIRED, "The desired state this profile stands for.")));

    /** Every table, for tests and the schema. */
    static final List<KeyTable> ALL = List.of(SPEC, PROFILE, TARGET, DESIRED, SIZE, GUEST, VM_ENTRY, AZURE,
            AZURE_TEMPLATE, AZURE_EMULATOR, AZURE_EMULATOR_VM, VSPHERE, VSPHERE_TEMPLATE, VSPHERE_SYSPREP, LAB,
            LAB_VM);

    private static List<SpecKey> concat(List<SpecKey> a, List<SpecKey> b) {
        List<SpecKey> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
