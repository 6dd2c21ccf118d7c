package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SecurityProfile;
import com.azure.resourcemanager.compute.models.SecurityTypes;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.UefiSettings;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.compute.models.WindowsConfiguration;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.provider.PowerState;
import dev.provision.spec.Keyed;
import dev.provision.provider.ProviderException;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.AzureVmTemplate;
import dev.provision.spec.InvalidInputException;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Carries out creates and resizes with the generated clients: explicit bodies, deterministic names, a PATCH of the
 * size alone for a resize. Every step is reported; a step that fails says what state the VM is in now and how to
 * go on, because "resize failed" alone leaves a user guessing whether the machine is still running.
 */
final class VmChanges {
    /**
     * The first Compute api-version where {@code securityType: Standard} is a first-class value: from it on, a create
     * without a securityProfile becomes Trusted Launch where image and size allow ("Trusted Launch as default"), and an
     * explicit Standard needs no feature registration (ACD trusted-launch.md, "New behavior"; the Trusted Launch team
     * in Azure/azure-cli#33280).
     */
    static final String STANDARD_AS_VALUE_SINCE = "2025-11-01";

    private final AzureClients azure;
    private final AzureSettings connection;
    private final Map<String, String> env;
    private final String computeApiVersion;
    private final RestoreMarkers markers;

    VmChanges(AzureClients azure, AzureSettings connection, Map<String, String> env) {
        this(azure, connection, env, AzureClients.COMPUTE_API_VERSION);
    }

    /** With the api-version the create body is decided for; only tests name another than the SDK's. */
    VmChanges(AzureClients azure, AzureSettings connection, Map<String, String> env, String computeApiVersion) {
        this.azure = azure;
        this.connection = connection;
        this.env = env;
        this.computeApiVersion = computeApiVersion;
        this.markers = new RestoreMarkers(azure, connection.resourceGroup(), Clock.systemUTC());
    }

    /**
     * PUT the NIC (and public IP if asked), then the VM, both tagged with the {@link CreateMarker} of {@code run}.
     * Safe to repeat: same names, same bodies; a PUT on the VM a cut-short create left finishes it.
     */
    void create(Change change, EventSink events, String run) throws ProviderException {
        AzureVmTemplate template = connection.template();
        String vm = change.vm();
        String size = String.valueOf(change.after().get(VmProperties.SIZE));
        String password;
        try {
            password = template.adminPassword().resolve(env);
        } catch (InvalidInputException e) {
            throw new ProviderException("cannot create " + vm + ": " + e.getMessage(), "not created", e);
        }
        Map<String, String> tags = CreateMarker.marked(createdTags(), run);
        String rg = connection.resourceGroup();
        String location = connection.location();
        PublicIpAddressInner publicIp = null;
        boolean vmRequested = false;
        boolean explicitStandard = !VmProperties.TRUSTED_LAUNCH.equals(AzureRules.securityType(template))
                && securityProfile(AzureRules.securityType(template), computeApiVersion) != null;
        try {
            if (Boolean.TRUE.equals(template.publicIp())) {
                step(change, events, "creating public IP " + VmNames.publicIp(vm));
                publicIp = azure.network().getPublicIpAddresses().createOrUpdate(rg, VmNames.publicIp(vm),
                        new PublicIpAddressInner().withLocation(location).withTags(tags)
                                .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD))
                                .withPublicIpAllocationMethod(IpAllocationMethod.STATIC), Context.NONE);
            }
            step(change, events, "creating NIC " + VmNames.nic(vm));
            NetworkInterfaceIpConfigurationInner ip = new NetworkInterfaceIpConfigurationInner()
                    .withName(VmNames.ipConfiguration()).withSubnet(new SubnetInner().withId(template.subnet()))
                    .withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC).withPrimary(true);
            if (publicIp != null) {
                ip.withPublicIpAddress(new PublicIpAddressInner().withId(publicIp.id()));
            }
            String nicId = azure.network().getNetworkInterfaces().createOrUpdate(rg, VmNames.nic(vm),
                    new NetworkInterfaceInner().withLocation(location).withTags(tags)
                            .withIpConfigurations(List.of(ip)), Context.NONE).id();
            step(change, events, "creating VM " + vm + " (" + size + ")");
            vmRequested = true;
            azure.compute().getVirtualMachines().createOrUpdate(rg, vm, vmBody(vm, size, template, password, nicId,
                    tags), null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (vmRequested && explicitStandard && AzureErrors.standardSecurityTypeRefused(e)) {
                throw new ProviderException("creating " + vm + " failed: the subscription does not allow securityType "
                        + "Standard explicitly (feature UseStandardSecurityType not registered): register it with 'az "
                        + "feature register --namespace Microsoft.Compute --name UseStandardSecurityType', then 'az "
                        + "provider register -n Microsoft.Compute', and apply again (" + AzureErrors.describe(e) + ")",
                        "not created; the NIC " + VmNames.nic(vm) + " is kept and reused by the next apply", e);
            }
            // Say only what happened: before the VM PUT, no VM can exist, whatever state the network is in.
            String state = vmRequested
                    ? "not created, or created in a failed state; apply again: the create reuses the names "
                            + VmNames.nic(vm) + " and " + VmNames.osDisk(vm) + ", so it leaves no duplicates"
                    : "not created (no VM was requested: the network step failed); apply again: it reuses the "
                            + "name " + VmNames.nic(vm) + ", so it leaves no duplicates";
            throw new ProviderException("creating " + vm + " failed: " + AzureErrors.describe(e), state, e);
        }
    }

    /** The tags of everything a create makes, once the create is done. */
    static Map<String, String> createdTags() {
        return Map.of(AzureRules.MANAGED_BY_TAG, AzureRules.MANAGED_BY_VALUE);
    }

    /** The VM's power state now, read after its PUT: a create that failed in Azure leaves it deallocated. */
    PowerState powerAfterCreate(String vm) throws ProviderException {
        try {
            return VmReadings.power(azure.compute().getVirtualMachines().getByResourceGroupWithResponse(
                    connection.resourceGroup(), vm, InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue());
        } catch (RuntimeException e) {
            throw new ProviderException("reading " + vm + " after its create failed: " + AzureErrors.describe(e),
                    "created; run 'provision plan' to see its state", e);
        }
    }

    /** Starts the VM a create left not running (a create that failed in Azure, finished by a PUT again). */
    void startCreated(Change change, EventSink events, PowerState now) throws ProviderException {
        String vm = change.vm();
        String rg = connection.resourceGroup();
        step(change, events, "starting VM " + vm + " (the create left it " + now.key() + ")");
        try {
            azure.compute().getVirtualMachines().start(rg, vm, Context.NONE);
        } catch (RuntimeException e) {
            throw new ProviderException("starting " + vm + " to finish its create failed: " + AzureErrors.describe(e),
                    "created, " + now.key() + "; start it with 'az vm start -g " + rg + " -n " + vm + "', or apply "
                            + "again", e);
        }
    }

    private VirtualMachineInner vmBody(String vm, String size, AzureVmTemplate template, String password,
                                       String nicId, Map<String, String> tags) {
        String osDiskType = template.osDiskType() == null ? "Premium_LRS" : template.osDiskType();
        SecurityProfile securityProfile = securityProfile(AzureRules.securityType(template), computeApiVersion);
        return new VirtualMachineInner().withLocation(connection.location()).withTags(tags)
                .withZones(template.zones().isEmpty() ? null : template.zones())
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(size)))
                .withStorageProfile(new StorageProfile().withImageReference(image(template.image()))
                        .withOsDisk(new OSDisk().withName(VmNames.osDisk(vm))
                                .withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                .withManagedDisk(new ManagedDiskParameters()
                                        .withStorageAccountType(StorageAccountTypes.fromString(osDiskType)))))
                .withOsProfile(new OSProfile().withComputerName(VmNames.computerName(vm))
                        .withAdminUsername(template.adminUsername()).withAdminPassword(password)
                        .withWindowsConfiguration(new WindowsConfiguration().withProvisionVMAgent(true)))
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(
                        new NetworkInterfaceReference().withId(nicId).withPrimary(true))))
                .withSecurityProfile(securityProfile);
    }

    /**
     * The securityProfile of a new VM, decided per Compute api-version (null: none is sent).
     * <ul>
     * <li>TrustedLaunch: always explicit, with Secure Boot and vTPM on.
     * <li>Standard before {@link #STANDARD_AS_VALUE_SINCE} (the SDK's 2025-04-01 today): no securityProfile at all.
     * The Trusted Launch page (MicrosoftDocs/azure-compute-docs, articles/virtual-machines/trusted-launch.md, "Existing
     * behavior") says a deployment without the element is not Trusted Launch; the Trusted Launch FAQ (trusted-launch-faq.md,
     * "Can I disable Trusted Launch for a new VM deployment?") says an explicit {@code Standard} works only on
     * subscriptions with the feature {@code Microsoft.Compute/UseStandardSecurityType}, and Compute refuses it
     * otherwise (InvalidParameter on securityProfile.securityType, Azure/azure-cli#31234). The SDK's SecurityTypes,
     * generated from the 2025-04-01 REST spec, knows only TrustedLaunch and ConfidentialVM. Caveat: a subscription registered
     * for the "Trusted Launch as default" preview makes such a VM Trusted Launch; the next plan then warns about it.
     * <li>Standard from {@link #STANDARD_AS_VALUE_SINCE} on: explicit, because there an absent securityProfile means
     * Trusted Launch by default, and Standard is a first-class value that needs no feature.
     * </ul>
     */
    static SecurityProfile securityProfile(String securityType, String computeApiVersion) {
        if (VmProperties.TRUSTED_LAUNCH.equals(securityType)) {
            return new SecurityProfile().withSecurityType(SecurityTypes.TRUSTED_LAUNCH)
                    .withUefiSettings(new UefiSettings().withSecureBootEnabled(true).withVTpmEnabled(true));
        }
        if (computeApiVersion.compareTo(STANDARD_AS_VALUE_SINCE) < 0) {
            return null;
        }
        return new SecurityProfile().withSecurityType(SecurityTypes.fromString(securityType));
    }

    private static ImageReference image(String image) {
        if (image.startsWith("/")) {
            return new ImageReference().withId(image);
        }
        String[] urn = image.split(":");
        return new ImageReference().withPublisher(urn[0]).withOffer(urn[1]).withSku(urn[2]).withVersion(urn[3]);
    }

    /**
     * In place (a PATCH of the size; Azure restarts a running VM), or deallocate, resize, and start again only
     * when it was running before: a stopped or deallocated VM is left deallocated. A running VM gets its
     * {@link RestoreMarker} before the deallocate and loses it once started, so an apply killed in between leaves a
     * VM that says it is owed a start. A VM an interrupted apply left that way is finished: resized if it still needs
     * it, started, its marker removed (kept when the change's feature step follows, which ends by removing it).
     */
    void resize(Change change, EventSink events) throws ProviderException {
        String vm = change.vm();
        String size = String.valueOf(change.after().get(VmProperties.SIZE));
        String from = String.valueOf(change.before().get(VmProperties.SIZE));
        PowerState was = Keyed.lookup(PowerState.class, String.valueOf(change.before().get(VmProperties.POWER)))
                .orElse(PowerState.UNKNOWN);
        boolean endsRunning = PowerState.ON.key().equals(String.valueOf(change.after().get(VmProperties.POWER)));
        boolean marked = change.before().get(VmProperties.RESTORE_POWER) != null;
        String rg = connection.resourceGroup();
        String startIt = "start it with 'az vm start -g " + rg + " -n " + vm + "'";
        boolean deallocates = change.disruption().contains(Disruption.DEALLOCATE);
        if (!size.equalsIgnoreCase(from) && !deallocates) {
            step(change, events, "resizing in place to " + size + (was.isRunning() ? " (Azure restarts the VM)" : ""));
            try {
                patchSize(vm, size);
            } catch (RuntimeException e) {
                // Only an allocated VM is tied to a hardware cluster; a deallocated one may take any size the region
                // offers, so its OperationNotAllowed (a quota, a policy) is left in Azure's own words.
                String hint = "OperationNotAllowed".equals(AzureErrors.code(e)) && was != PowerState.DEALLOCATED
                        ? "; the size may have left its hardware cluster since the plan: plan again" : "";
                throw new ProviderException("resizing " + vm + " to " + size + " failed: " + AzureErrors.describe(e)
                        + hint, was.key() + ", still " + from + (marked ? "; " + startIt + ", or apply again" : ""), e);
            }
        }
        if (deallocates) {
            if (was.isRunning()) {
                step(change, events, "noting on the VM that it must be started again (tag " + RestoreMarker.TAG + ")");
                markers.promise(vm, was, RestoreMarker.Step.RESIZE);
                marked = true;
            }
            deallocate(change, events, was, from);
            step(change, events, "resizing to " + size);
            try {
                patchSize(vm, size);
            } catch (RuntimeException e) {
                throw new ProviderException("resizing " + vm + " to " + size + " failed: " + AzureErrors.describe(e),
                        "deallocated (was " + was.key() + "), still " + from + (endsRunning ? "; " + startIt
                                + ", or fix the cause and apply again" : ""), e);
            }
        }
        if (endsRunning && (deallocates || !was.isRunning())) {
            step(change, events, marked && !deallocates ? "starting, as an interrupted apply left owed" : "starting");
            try {
                azure.compute().getVirtualMachines().start(rg, vm, Context.NONE);
            } catch (RuntimeException e) {
                throw new ProviderException("starting " + vm + " after its resize failed: " + AzureErrors.describe(e),
                        "deallocated (was running), resized to " + size + "; " + startIt + ", or apply again", e);
            }
        }
        if (marked && change.enableFeatures().isEmpty()) {
            step(change, events, "removing the restore marker (tag " + RestoreMarker.TAG + ")");
            markers.remove(vm);
        }
    }

    private void deallocate(Change change, EventSink events, PowerState was, String from) throws ProviderException {
        if (was == PowerState.DEALLOCATED) {
            return;
        }
        String rg = connection.resourceGroup();
        String vm = change.vm();
        step(change, events, "deallocating (was " + was.key() + "; Azure shuts the guest down)");
        try {
            azure.compute().getVirtualMachines().deallocate(rg, vm, null, Context.NONE);
        } catch (RuntimeException e) {
            throw new ProviderException("deallocating " + vm + " failed: " + AzureErrors.describe(e),
                    "unknown, probably still " + was.key() + " at " + from + ": check with 'az vm get-instance-view -g "
                            + rg + " -n " + vm + "'", e);
        }
    }

    private void patchSize(String vm, String size) {
        // Only the size: the SDK's fluent update sends the whole model, which would rewrite every other property.
        azure.compute().getVirtualMachines().update(connection.resourceGroup(), vm, new VirtualMachineUpdateInner()
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(size))),
                null, null, Context.NONE);
    }

    private static void step(Change change, EventSink events, String what) {
        events.emit(new Event.ChangeProgress(change, what));
    }
}
