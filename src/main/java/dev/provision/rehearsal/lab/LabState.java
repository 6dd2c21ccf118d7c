package dev.provision.rehearsal.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.provider.Lease;
import dev.provision.provider.PowerState;
import dev.provision.spec.Keyed;
import dev.provision.provider.ProviderException;
import dev.provision.spec.LabVmSeed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * The lab's VMs and their leases, kept in a JSON file so that plan, apply and a second apply in separate processes
 * see one world. Until the first change the VMs are the spec's seed and nothing is written (planning leaves no
 * trace); from then on the file is rewritten whole (write, then rename) after every change, so a killed process
 * never leaves it half-written.
 *
 * <p>Every read comes from the file, and every write is a read-modify-write under an exclusive lock on a file
 * beside it ({@code lab.json.lock}): two applies in two processes each change their own VM without losing the
 * other's write, and of two that claim the same VM's lease only one can win (the lab's compare-and-set, as vCenter's
 * changeVersion and ARM's If-Match are the clouds').
 */
final class LabState {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LEASE = "lease";
    /**
     * A file lock belongs to the whole JVM, which refuses a second overlapping one: two providers of one lab in one
     * process (a test's two applies) take turns on this monitor first.
     */
    private static final ConcurrentMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final List<LabVmSeed> seed;

    /** The lab as read at one moment: its VMs, and the text of each leased VM's lease. */
    private record World(Map<String, LabVm> vms, Map<String, String> leases) {}

    /** A change of the world made under the lock; it may refuse by throwing. */
    private interface Edit<T> {
        T apply(World world) throws ProviderException;
    }

    private LabState(Path file, List<LabVmSeed> seed) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.seed = List.copyOf(seed);
    }

    static LabState open(Path file, List<LabVmSeed> seed) throws ProviderException {
        LabState state = new LabState(file, seed);
        state.read(); // an unreadable file is said at once, not at the first change
        return state;
    }

    private static LabVm fromSeed(LabVmSeed s) {
        return new LabVm(s.name(), s.poweredOn() ? PowerState.ON : PowerState.OFF, s.nestedVirtualization(),
                s.vcpus(), s.memoryGiB(), s.windowsEdition() == null ? "Enterprise" : s.windowsEdition(),
                s.features(), false, s.failApply());
    }

    List<LabVm> all() throws ProviderException {
        return List.copyOf(read().vms().values());
    }

    Optional<LabVm> get(String name) throws ProviderException {
        return Optional.ofNullable(read().vms().get(name));
    }

    /** The leases on the lab's VMs now, live or not, by VM name. */
    Map<String, Lease> leases() throws ProviderException {
        Map<String, Lease> out = new TreeMap<>();
        read().leases().forEach((vm, text) -> out.put(vm, Lease.parse(text)));
        return out;
    }

    /** Writes this VM as it is now, keeping every other VM and every lease as the file has them. */
    void put(LabVm vm) throws ProviderException {
        edit(world -> world.vms().put(vm.name(), vm));
    }

    /**
     * The lab's compare-and-set of a lease: under the lock, reads the lease on {@code vm} and writes {@code wanted}
     * in its place unless {@code refuses} says the one found stands. A {@code wanted} of null removes the lease.
     *
     * @return the lease found before (null for none), whether it was replaced or not
     */
    Lease swapLease(String vm, Lease wanted, Predicate<Lease> refuses) throws ProviderException {
        return edit(world -> {
            if (!world.vms().containsKey(vm)) {
                throw new ProviderException("VM '" + vm + "' no longer exists in the lab");
            }
            Lease found = Lease.parse(world.leases().get(vm));
            if (found == null || !refuses.test(found)) {
                if (wanted == null) {
                    world.leases().remove(vm);
                } else {
                    world.leases().put(vm, wanted.text());
                }
            }
            return found;
        });
    }

    private <T> T edit(Edit<T> edit) throws ProviderException {
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    World world = read();
                    T result = edit.apply(world);
                    save(world);
                    return result;
                }
            } catch (IOException e) {
                throw new ProviderException("lab state " + file + " cannot be written: " + e.getMessage());
            }
        }
    }

    /** The file as it is now (a rename replaces it whole, so no lock is needed to read it), or the seed. */
    private World read() throws ProviderException {
        World world = new World(new TreeMap<>(), new TreeMap<>());
        try {
            if (Files.exists(file)) {
                load(world);
            } else {
                // Written on the first change, not now: planning must leave no trace.
                seed.forEach(s -> world.vms().put(s.name(), fromSeed(s)));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("lab state " + file + " cannot be read or written: " + e.getMessage()
                    + " (delete it to start the lab again from the spec's seed)");
        }
        return world;
    }

    private void load(World world) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        for (JsonNode n : root.path("vms")) {
            List<String> features = new ArrayList<>();
            n.path("features").forEach(f -> features.add(f.asText()));
            LabVm vm = new LabVm(n.path("name").asText(), Keyed.lookup(PowerState.class, n.path("power").asText()).orElse(PowerState.UNKNOWN),
                    n.path("nestedVirtualization").asBoolean(), n.path("vcpus").asInt(), n.path("memoryGiB").asInt(),
                    n.path("windowsEdition").asText("Enterprise"), features, n.path("rebootPending").asBoolean(),
                    n.path("failApply").asBoolean(), n.hasNonNull(LabVm.RESTORE_POWER_STATE)
                    ? Keyed.lookup(PowerState.class, n.get(LabVm.RESTORE_POWER_STATE).asText()).orElse(PowerState.UNKNOWN)
                    : null);
            world.vms().put(vm.name(), vm);
            if (n.hasNonNull(LEASE)) {
                world.leases().put(vm.name(), n.get(LEASE).asText());
            }
        }
    }

    private void save(World world) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("vms");
        for (LabVm vm : world.vms().values()) {
            ObjectNode n = list.addObject();
            n.put("name", vm.name());
            n.put("power", vm.power().key());
            n.put("nestedVirtualization", vm.nestedVirtualization());
            n.put("vcpus", vm.vcpus());
            n.put("memoryGiB", vm.memoryGiB());
            n.put("windowsEdition", vm.windowsEdition());
            vm.features().forEach(n.putArray("features")::add);
            n.put("rebootPending", vm.rebootPending());
            n.put("failApply", vm.failApply());
            if (vm.restorePower() != null) {
                n.put(LabVm.RESTORE_POWER_STATE, vm.restorePower().key());
            }
            String lease = world.leases().get(vm.name());
            if (lease != null) {
                n.put(LEASE, lease);
            }
        }
        Path tmp = Files.createTempFile(file.getParent(), ".lab-state", ".tmp");
        MAPPER.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
