package dev.provision.vsphere;

import dev.provision.spec.Diagnostic;
import dev.provision.spec.VsphereTemplate;
import java.util.List;

/**
 * A template block's names resolved against what the inventory read found: the clone source, the folder, the
 * resource pool, the datastore and the network, each as a managed object id. Pure: resolving reads nothing, so the
 * rules can do it while planning and report every name that resolves to nothing at the line it was written on.
 */
record ClonePlacement(String sourceMoid, String sourceName, String folderMoid, String folderPath, String poolMoid,
                      String poolDescription, String datastoreMoid, String datastoreName, String networkMoid,
                      String networkName, String networkPath, String customizationSpec, boolean sysprep) {

    /**
     * "clone of win11-template into /DC0/vm/vdi on datastore LocalDS_0, cluster DC0_C0, first network adapter on
     * VM Network", for the plan.
     */
    String describe() {
        return "clone of " + sourceName + " into " + folderPath + " on datastore " + datastoreName + ", "
                + poolDescription + (networkName == null ? "" : ", first network adapter on " + networkName)
                + (customizationSpec == null ? "" : ", customized with '" + customizationSpec + "'")
                + (sysprep ? ", customized by the spec's sysprep fields" : "");
    }

    /**
     * @param scopeFolder the target's own folder, where clones go when the template names none
     * @param problems    where a name that resolves to nothing, or to more than one object, is reported
     * @return the placement, or null when any name failed (each failure is in {@code problems})
     */
    static ClonePlacement resolve(VsphereTemplate t, Placements found, String datacenter, String scopeFolder,
                                  List<Diagnostic> problems) {
        int before = problems.size();
        Placements.Item source = one(found.templatesNamed(t.source(), datacenter), "template", t.source(),
                t.at("source"), problems, "(templates are read from the target's datacenter; a VM to clone must "
                        + "be a template: mark it as one, or name an existing template)");
        String folderText = t.folder() != null ? t.folder() : scopeFolder;
        Placements.Item folder = folder(found, folderText == null ? "" : folderText, datacenter);
        if (folder == null) {
            problems.add(Diagnostic.error(t.folder() != null ? t.at("folder") : t.location(), "folder '"
                    + (folderText == null ? "vm" : folderText) + "' does not exist"
                    + (datacenter == null ? "" : " in datacenter " + datacenter) + ": create it, or name an existing "
                    + "folder as /DATACENTER/vm/PATH or as a path below the datacenter's VM folder"));
        }
        String poolMoid = null;
        String poolDescription = null;
        if (t.cluster() != null) {
            Placements.Item cluster = one(found.clustersNamed(t.cluster(), datacenter), "cluster", t.cluster(),
                    t.at("cluster"), problems, "");
            poolMoid = cluster == null ? null : found.rootPoolOf(cluster);
            poolDescription = "cluster " + t.cluster();
        } else if (t.resourcePool() != null) {
            Placements.Item pool = one(found.poolsNamed(t.resourcePool(), datacenter), "resource pool",
                    t.resourcePool(), t.at("resourcePool"), problems, "");
            poolMoid = pool == null ? null : pool.moid();
            poolDescription = "resource pool " + (pool == null ? t.resourcePool() : pool.path());
        }
        Placements.Item datastore = one(found.datastoresNamed(t.datastore(), datacenter), "datastore",
                t.datastore(), t.at("datastore"), problems, "");
        Placements.Item network = t.network() == null ? null : one(found.networksNamed(t.network(), datacenter),
                "network", t.network(), t.at("network"), problems, "");
        if (problems.size() > before || poolMoid == null) {
            return null;
        }
        return new ClonePlacement(source.moid(), source.name(), folder.moid(), folder.path(), poolMoid,
                poolDescription, datastore.moid(), datastore.name(), network == null ? null : network.moid(),
                network == null ? null : network.name(), network == null ? null : network.path(),
                t.customizationSpec(), t.sysprep() != null);
    }

    /** An absolute inventory path, or a path below the datacenter's (or the only datacenter's) VM folder. */
    static Placements.Item folder(Placements found, String text, String datacenter) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        if (trimmed.startsWith("/")) {
            return found.folderAt(trimmed);
        }
        String below = trimmed.isEmpty() ? "" : "/" + trimmed;
        if (datacenter != null) {
            return found.folderAt("/" + datacenter + "/vm" + below);
        }
        return found.foldersMatching("^/[^/]+/vm" + java.util.regex.Pattern.quote(below) + "$");
    }

    private static Placements.Item one(List<Placements.Item> items, String what, String name,
                                       dev.provision.spec.SourceLocation at, List<Diagnostic> problems, String hint) {
        if (items.size() == 1) {
            return items.get(0);
        }
        if (items.isEmpty()) {
            problems.add(Diagnostic.error(at, what + " '" + name + "' does not exist in the target's inventory"
                    + (hint.isEmpty() ? "" : " " + hint)));
        } else {
            problems.add(Diagnostic.error(at, items.size() + " objects are a " + what + " named '" + name + "' ("
                    + String.join(", ", items.stream().map(Placements.Item::path).toList()) + "): set datacenter "
                    + "to say which"));
        }
        return null;
    }
}
