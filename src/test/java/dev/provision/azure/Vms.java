package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SecurityProfile;
import com.azure.resourcemanager.compute.models.SecurityTypes;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.compute.models.WindowsConfiguration;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import java.util.List;

/** Builds VMs the way the product will: generated clients, explicit bodies, deterministic names. */
final class Vms {
    static final String LOCATION = "eastus2";

    private Vms() {}

    /** The id of a NIC that does not exist, for creates that are refused before the network matters. */
    static String unmadeNic(String subscriptionId, String rg) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + rg
                + "/providers/Microsoft.Network/networkInterfaces/never-made";
    }

    /** Resource group, VNet, NIC, then the VM; returns the VM as the create's final GET returned it. */
    static VirtualMachineInner createWindowsVm(AzureClients azure, String rg, String name, String size,
            String imageSku, String securityType) {
        return createVm(azure, rg, name, size, imageSku, securityType, createNetwork(azure, rg, name));
    }

    /** Resource group, VNet with one subnet, and a NIC in it; returns the NIC's id. */
    static String createNetwork(AzureClients azure, String rg, String name) {
        azure.resources().getResourceGroups().createOrUpdate(rg, new ResourceGroupInner().withLocation(LOCATION));
        VirtualNetworkInner vnet = azure.network().getVirtualNetworks().createOrUpdate(rg, name + "-vnet",
                new VirtualNetworkInner().withLocation(LOCATION)
                        .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of("10.0.0.0/24")))
                        .withSubnets(List.of(new SubnetInner().withName("default").withAddressPrefix("10.0.0.0/24"))),
                Context.NONE);
        NetworkInterfaceInner nic = azure.network().getNetworkInterfaces().createOrUpdate(rg, name + "-nic",
                new NetworkInterfaceInner().withLocation(LOCATION).withIpConfigurations(List.of(
                        new NetworkInterfaceIpConfigurationInner().withName("ipconfig1")
                                .withSubnet(new SubnetInner().withId(vnet.subnets().get(0).id()))
                                .withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC))),
                Context.NONE);
        return nic.id();
    }

    /**
     * Only the VM PUT (and its resource group). Tests of refused creates use it with a NIC id that was never
     * made: Azure checks the size, generation and quota of the request first, and the emulator checks no NIC.
     */
    static VirtualMachineInner createVm(AzureClients azure, String rg, String name, String size, String imageSku,
            String securityType, String nicId) {
        azure.resources().getResourceGroups().createOrUpdate(rg, new ResourceGroupInner().withLocation(LOCATION));
        VirtualMachineInner vm = new VirtualMachineInner().withLocation(LOCATION)
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(size)))
                .withStorageProfile(new StorageProfile()
                        .withImageReference(new ImageReference().withPublisher("MicrosoftWindowsServer")
                                .withOffer("WindowsServer").withSku(imageSku).withVersion("latest"))
                        .withOsDisk(new OSDisk().withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                .withManagedDisk(new ManagedDiskParameters()
                                        .withStorageAccountType(StorageAccountTypes.PREMIUM_LRS))))
                .withOsProfile(new OSProfile().withComputerName(name).withAdminUsername("labadmin")
                        .withAdminPassword("Not-a-real-password-1!")
                        .withWindowsConfiguration(new WindowsConfiguration().withProvisionVMAgent(true)))
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(
                        new NetworkInterfaceReference().withId(nicId).withPrimary(true))))
                .withSecurityProfile(new SecurityProfile().withSecurityType(SecurityTypes.fromString(securityType)));
        return azure.compute().getVirtualMachines().createOrUpdate(rg, name, vm, null, null, Context.NONE);
    }
}
