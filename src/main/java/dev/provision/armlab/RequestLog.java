package dev.provision.armlab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request the emulator answered, in order, so tests and benchmarks can count calls (e.g. how many
 * SKU pages a listing fetched, or that a 429 was retried). Bodies and headers are never recorded: a VM
 * create carries the admin password and every request a bearer token.
 */
public final class RequestLog {
    /**
     * One answered request.
     *
     * @param operationId the REST API operation it was routed to (e.g. {@code VirtualMachines_Deallocate}),
     *                    or {@code Unrouted} when no route matched
     */
    public record Entry(Instant at, String method, String path, String query, String operationId, int status) {
        @Override
        public String toString() {
            return at + " " + method + " " + path + (query == null ? "" : "?" + query) + " -> " + status
                    + " (" + operationId + ")";
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(Entry entry) {
        entries.add(entry);
    }

    /** A snapshot of all entries so far. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries routed to one REST operation, e.g. {@code ResourceSkus_List}. */
    public List<Entry> byOperation(String operationId) {
        List<Entry> matching = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.operationId().equals(operationId)) {
                matching.add(entry);
            }
        }
        return matching;
    }

    public long count(String operationId) {
        return byOperation(operationId).size();
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }
}
