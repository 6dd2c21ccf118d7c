package dev.provision.vsphere;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules need to know about a target beyond each VM's stable properties. Kept out of the VMs'
 * properties on purpose: a VMware Tools state flaps, and must not make a saved plan look stale.
 *
 * @param sameName        VM names used by more than one VM, with every one's managed object id and path, e.g.
 *                        "vm-42 at /DC1/vm/vdi-7" (provision finds VMs by name)
 * @param toolsNotRunning names of running VMs whose VMware Tools did not answer when the inventory was read
 */
record VsphereFacts(Map<String, List<String>> sameName, Set<String> toolsNotRunning) {
    static final VsphereFacts NONE = new VsphereFacts(Map.of(), Set.of());

    VsphereFacts {
        sameName = Map.copyOf(sameName);
        toolsNotRunning = Set.copyOf(toolsNotRunning);
    }
}
