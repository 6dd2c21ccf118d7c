package dev.provision.armlab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A VM that exists before the first request, as in a subscription that already has machines. */
public final class SeedVm {
    final String name;
    final String resourceGroup;
    String location = "eastus2";
    String size = "Standard_D4s_v5";
    SecurityType securityType = SecurityType.STANDARD;
    ArmPowerState powerState = ArmPowerState.RUNNING;
    String hyperVGeneration = "V2";
    String osType = "Windows";
    String imageSku = "2022-datacenter-g2";
    final List<String> zones = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    /** Windows Server 2022 Datacenter with the features off, as the default image installs it. */
    WindowsGuest guest = new WindowsGuest();

    private SeedVm(String resourceGroup, String name) {
        this.resourceGroup = Objects.requireNonNull(resourceGroup);
        this.name = Objects.requireNonNull(name);
    }

    /** A running Windows Server 2022 Gen2 VM of size Standard_D4s_v5 in eastus2, security type Standard. */
    public static SeedVm of(String resourceGroup, String name) {
        return new SeedVm(resourceGroup, name);
    }

    public SeedVm location(String location) {
        this.location = location;
        return this;
    }

    public SeedVm size(String size) {
        this.size = size;
        return this;
    }

    public SeedVm securityType(SecurityType securityType) {
        this.securityType = securityType;
        return this;
    }

    public SeedVm powerState(ArmPowerState powerState) {
        if (powerState != ArmPowerState.RUNNING && powerState != ArmPowerState.STOPPED
                && powerState != ArmPowerState.DEALLOCATED) {
            throw new IllegalArgumentException("seed VMs are running, stopped or deallocated");
        }
        this.powerState = powerState;
        return this;
    }

    /** "V1" or "V2"; the image SKU follows (Gen1: 2022-datacenter, Gen2: 2022-datacenter-g2). */
    public SeedVm hyperVGeneration(String generation) {
        if (!"V1".equals(generation) && !"V2".equals(generation)) {
            throw new IllegalArgumentException("hyperVGeneration is V1 or V2");
        }
        this.hyperVGeneration = generation;
        this.imageSku = "V1".equals(generation) ? "2022-datacenter" : "2022-datacenter-g2";
        return this;
    }

    public SeedVm zone(String zone) {
        zones.add(zone);
        return this;
    }

    /**
     * The Windows inside (edition, features, pending reboot, accounts). A desktop edition also makes the VM's
     * image reference a Windows 11 one. The guest is copied, so one object may seed several VMs.
     */
    public SeedVm guest(WindowsGuest guest) {
        this.guest = guest.copy();
        return this;
    }

    public SeedVm tag(String key, String value) {
        tags.put(key, value);
        return this;
    }
}
