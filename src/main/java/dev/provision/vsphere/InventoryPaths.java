package dev.provision.vsphere;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds inventory paths ("/DC0/vm/web/win-01") from the name and parent of every folder and datacenter,
 * read in the same call as the VMs. The root folder ("Datacenters", without a parent) is not part of a path.
 */
final class InventoryPaths {
    private record Node(String name, String parentMoid) {}

    private final Map<String, Node> nodes = new HashMap<>();

    void add(String moid, String name, String parentMoid) {
        nodes.put(moid, new Node(name, parentMoid));
    }

    String pathOf(String name, String parentMoid) {
        Deque<String> parts = new ArrayDeque<>();
        parts.push(name);
        String current = parentMoid;
        // The depth bound only guards against a malformed answer with a parent cycle.
        for (int depth = 0; current != null && depth < 256; depth++) {
            Node node = nodes.get(current);
            if (node == null || node.parentMoid() == null) {
                break; // the root folder, or a parent outside what we read (e.g. a vApp)
            }
            parts.push(node.name());
            current = node.parentMoid();
        }
        return "/" + String.join("/", parts);
    }
}
