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
 * @param placements      folders, pools, datastores, networks and templates, for clones
 * @param scope           the part of the inventory the target manages (its names resolved, or its problems)
 * @param templateNics    network adapters per template (managed object id), read only for a template whose
 *                        clones go on another network; a template missing here was not read
 */
record VsphereFacts(Map<String, List<String>> sameName, Set<String> toolsNotRunning, Placements placements,
                    TargetScope scope, Map<String, Integer> templateNics) {
    static final VsphereFacts NONE = new VsphereFacts(Map.of(), Set.of());

    VsphereFacts {
        sameName = Map.copyOf(sameName);
        toolsNotRunning = Set.copyOf(toolsNotRunning);
        templateNics = Map.copyOf(templateNics);
    }

    VsphereFacts(Map<String, List<String>> sameName, Set<String> toolsNotRunning, Placements placements,
                 TargetScope scope) {
        this(sameName, toolsNotRunning, placements, scope, Map.of());
    }

    VsphereFacts(Map<String, List<String>> sameName, Set<String> toolsNotRunning) {
        this(sameName, toolsNotRunning, Placements.NONE, null);
    }
}
