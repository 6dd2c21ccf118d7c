package dev.provision.vsphere;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where VMs live and where clones may go: the folders, clusters, resource pools, datastores, networks and
 * templates read in the same call as the VMs (so scoping and clone placement cost no round trip). Plain values:
 * managed object ids and inventory paths such as "/DC0/host/DC0_C0/Resources".
 */
public final class Placements {
    /** One inventory object: its id, name, path and (for pools and clusters) the pool chain it belongs to. */
    record Item(String moid, String name, String path, String parentMoid) {}

    static final Placements NONE = new Placements();

    private final Map<String, Item> folders = new LinkedHashMap<>();
    private final Map<String, Item> clusters = new LinkedHashMap<>();
    /** A cluster's root resource pool, by cluster moid. */
    private final Map<String, String> clusterRootPool = new HashMap<>();
    private final Map<String, Item> pools = new LinkedHashMap<>();
    private final Map<String, Item> datastores = new LinkedHashMap<>();
    private final Map<String, Item> networks = new LinkedHashMap<>();
    private final Map<String, Item> templates = new LinkedHashMap<>();

    void addFolder(Item item) {
        folders.put(item.moid(), item);
    }

    void addCluster(Item item, String rootPoolMoid) {
        clusters.put(item.moid(), item);
        if (rootPoolMoid != null) {
            clusterRootPool.put(item.moid(), rootPoolMoid);
        }
    }

    void addPool(Item item) {
        pools.put(item.moid(), item);
    }

    void addDatastore(Item item) {
        datastores.put(item.moid(), item);
    }

    void addNetwork(Item item) {
        networks.put(item.moid(), item);
    }

    void addTemplate(Item item) {
        templates.put(item.moid(), item);
    }

    /** The folder at this inventory path, or null. */
    Item folderAt(String path) {
        return folders.values().stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
    }

    /** The only folder whose path matches the regular expression, or null (none, or more than one). */
    Item foldersMatching(String regex) {
        List<Item> matching = folders.values().stream().filter(f -> f.path().matches(regex)).toList();
        return matching.size() == 1 ? matching.get(0) : null;
    }

    List<Item> clustersNamed(String name, String datacenter) {
        return named(clusters, name, datacenter);
    }

    String rootPoolOf(Item cluster) {
        return clusterRootPool.get(cluster.moid());
    }

    List<Item> poolsNamed(String name, String datacenter) {
        return named(pools, name, datacenter);
    }

    List<Item> datastoresNamed(String name, String datacenter) {
        return named(datastores, name, datacenter);
    }

    List<Item> networksNamed(String name, String datacenter) {
        return named(networks, name, datacenter);
    }

    List<Item> templatesNamed(String name, String datacenter) {
        return named(templates, name, datacenter);
    }

    /** Whether the pool {@code poolMoid} is {@code ancestorMoid} or lies below it (pools nest, clusters hold pools). */
    boolean poolWithin(String poolMoid, String ancestorMoid) {
        String current = poolMoid;
        for (int depth = 0; current != null && depth < 256; depth++) {
            if (current.equals(ancestorMoid)) {
                return true;
            }
            Item pool = pools.get(current);
            current = pool == null ? null : pool.parentMoid();
        }
        return false;
    }

    /** Objects of that name, within the datacenter when one is given ("/DC0/..."). */
    private static List<Item> named(Map<String, Item> items, String name, String datacenter) {
        List<Item> out = new ArrayList<>();
        for (Item item : items.values()) {
            if (item.name().equals(name) && (datacenter == null || item.path().startsWith("/" + datacenter + "/"))) {
                out.add(item);
            }
        }
        return out;
    }
}
