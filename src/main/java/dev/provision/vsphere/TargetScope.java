package dev.provision.vsphere;

import dev.provision.spec.Diagnostic;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.VsphereSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a vCenter a target manages: a datacenter, and within it a folder, a cluster or a resource pool.
 * The whole inventory is read in the same few round trips either way (a ContainerView of the root), and the VMs
 * outside the scope are left out of what the target sees: patterns match only within it, and a VM of the same name
 * elsewhere neither counts as a duplicate nor blocks a clone.
 */
final class TargetScope {
    private final String datacenter;
    private final String folderPath;
    private final String poolMoid;
    private final List<Diagnostic> problems = new ArrayList<>();

    private TargetScope(String datacenter, String folderPath, String poolMoid) {
        this.datacenter = datacenter;
        this.folderPath = folderPath;
        this.poolMoid = poolMoid;
    }

    /** The scope the settings name, resolved against the read; names that resolve to nothing are problems. */
    static TargetScope of(VsphereSettings settings, Placements found, SourceLocation target) {
        String folderPath = null;
        String poolMoid = null;
        List<Diagnostic> problems = new ArrayList<>();
        String dc = settings.datacenter();
        if (settings.folder() != null) {
            Placements.Item folder = ClonePlacement.folder(found, settings.folder(), dc);
            if (folder == null) {
                problems.add(Diagnostic.error(settings.locations().getOrDefault("folder", target), "folder '"
                        + settings.folder() + "' does not exist" + (dc == null ? "" : " in datacenter " + dc)
                        + ": name it as /DATACENTER/vm/PATH or as a path below the datacenter's VM folder"));
            } else {
                folderPath = folder.path();
            }
        }
        if (settings.cluster() != null) {
            List<Placements.Item> clusters = found.clustersNamed(settings.cluster(), dc);
            if (clusters.size() != 1) {
                problems.add(Diagnostic.error(settings.locations().getOrDefault("cluster", target), "cluster '"
                        + settings.cluster() + "' " + (clusters.isEmpty() ? "does not exist" : "is ambiguous: set "
                        + "datacenter") + (dc == null ? "" : " in datacenter " + dc)));
            } else {
                poolMoid = found.rootPoolOf(clusters.get(0));
            }
        } else if (settings.resourcePool() != null) {
            List<Placements.Item> pools = found.poolsNamed(settings.resourcePool(), dc);
            if (pools.size() != 1) {
                problems.add(Diagnostic.error(settings.locations().getOrDefault("resourcePool", target),
                        "resource pool '" + settings.resourcePool() + "' " + (pools.isEmpty() ? "does not exist"
                                : "is ambiguous (" + pools.size() + " pools of that name): set datacenter")
                                + (dc == null ? "" : " in datacenter " + dc)));
            } else {
                poolMoid = pools.get(0).moid();
            }
        }
        TargetScope scope = new TargetScope(dc, folderPath, poolMoid);
        scope.problems.addAll(problems);
        return scope;
    }

    /** A scope whose names resolve to nothing holds no VM: never a whole vCenter by mistake. */
    boolean contains(VsphereVm vm, Placements found) {
        if (!problems.isEmpty()) {
            return false;
        }
        if (datacenter != null && !vm.path().startsWith("/" + datacenter + "/")) {
            return false;
        }
        if (folderPath != null && !vm.path().startsWith(folderPath + "/")) {
            return false;
        }
        return poolMoid == null || found.poolWithin(vm.resourcePoolMoid(), poolMoid);
    }

    /** The scope's folder path, where clones go when the template names no folder; null when unscoped. */
    String folderPath() {
        return folderPath;
    }

    List<Diagnostic> problems() {
        return List.copyOf(problems);
    }
}
