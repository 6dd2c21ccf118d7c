package dev.provision.spec;

import java.util.Map;

/**
 * How a vSphere VM named in the spec but missing from the inventory is made: a clone of {@code source} (a template
 * or a VM) placed in a folder, a cluster or resource pool, and a datastore, optionally on another network, with
 * Windows guest customization: an existing customization specification by name, or sysprep fields written in the
 * spec (never both). Each name is resolved against the inventory at plan time; a name that resolves to nothing is
 * reported at the line it was written on.
 *
 * @param source            the template or VM to clone, by name
 * @param folder            the destination folder: an inventory path "/DC0/vm/vdi", or a path below the
 *                          datacenter's VM folder ("vdi"); null means the target's scope folder, else the VM folder
 * @param cluster           the cluster whose root resource pool takes the clone; null when resourcePool is given
 * @param resourcePool      a resource pool by name; null when cluster is given
 * @param datastore         the datastore for the clone's files, by name
 * @param network           the network the clone's first adapter is connected to, by name; null keeps the source's
 * @param customizationSpec the name of a customization specification stored in vCenter; null for none
 * @param sysprep           sysprep fields written in the spec; null for none (never together with the above)
 * @param locations         where each of the keys above was written (key to location), for plan-time errors
 */
public record VsphereTemplate(String source, String folder, String cluster, String resourcePool, String datastore,
                              String network, String customizationSpec, VsphereSysprep sysprep,
                              SourceLocation location, Map<String, SourceLocation> locations) {
    public VsphereTemplate {
        locations = Map.copyOf(locations);
    }

    /** Whether clones are customized at all, by a stored specification or by the spec's sysprep fields. */
    public boolean customized() {
        return customizationSpec != null || sysprep != null;
    }

    /** Where {@code key} was written, or the block itself. */
    public SourceLocation at(String key) {
        return locations.getOrDefault(key, location);
    }
}
