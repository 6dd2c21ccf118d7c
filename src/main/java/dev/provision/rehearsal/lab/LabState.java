package dev.provision.rehearsal.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.provider.PowerState;
import dev.provision.spec.Keyed;
import dev.provision.provider.ProviderException;
import dev.provision.spec.LabVmSeed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lab's VMs, kept in a JSON file so that plan, apply and a second apply in separate processes see one world.
 * Until the first change the VMs are the spec's seed and nothing is written (planning leaves no trace); from then
 * on the file is rewritten whole (write, then rename) after every change, so a killed process never leaves it
 * half-written.
 */
final class LabState {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, LabVm> vms = new TreeMap<>();

    private LabState(Path file) {
        this.file = file;
    }

    static LabState open(Path file, List<LabVmSeed> seed) throws ProviderException {
        LabState state = new LabState(file);
        try {
            if (Files.exists(file)) {
                state.load();
            } else {
                // Written on the first change, not now: planning must leave no trace.
                seed.forEach(s -> state.vms.put(s.name(), fromSeed(s)));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("lab state " + file + " cannot be read or written: " + e.getMessage()
                    + " (delete it to start the lab again from the spec's seed)");
        }
        return state;
    }

    private static LabVm fromSeed(LabVmSeed s) {
        return new LabVm(s.name(), s.poweredOn() ? PowerState.ON : PowerState.OFF, s.nestedVirtualization(),
                s.vcpus(), s.memoryGiB(), s.windowsEdition() == null ? "Enterprise" : s.windowsEdition(),
                s.features(), false, s.failApply());
    }

    synchronized List<LabVm> all() {
        return List.copyOf(vms.values());
    }

    synchronized Optional<LabVm> get(String name) {
        return Optional.ofNullable(vms.get(name));
    }

    synchronized void put(LabVm vm) throws ProviderException {
        vms.put(vm.name(), vm);
        try {
            save();
        } catch (IOException e) {
            throw new ProviderException("lab state " + file + " cannot be written: " + e.getMessage());
        }
    }

    private void load() throws IOException {
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
            vms.put(vm.name(), vm);
        }
    }

    private void save() throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("vms");
        for (LabVm vm : vms.values()) {
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
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".lab-state", ".tmp");
        MAPPER.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
