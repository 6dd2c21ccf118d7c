package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An emulator's VMs saved to a file between runs, so a rehearsal behaves like a subscription: what the first
 * apply made is there for the second, which then has nothing to do. Only what a VM is (size, power, security
 * type, generation, zones, tags, and the Windows inside: edition, features, pending reboot) is kept; never a
 * password: guest accounts are saved as salted SHA-256 digests, enough to check a logon and useless to sign in.
 * Network resources are not kept: a saved VM does not need its NIC again.
 */
public final class EmulatorStateFile {
    private static final int FORMAT = 1;

    private EmulatorStateFile() {}

    /** The saved VMs, or empty when there is no file yet. */
    public static Optional<List<SeedVm>> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        if (root.path("formatVersion").asInt() != FORMAT) {
            throw new IOException(file + " is not an emulator state file of format " + FORMAT);
        }
        List<SeedVm> seeds = new ArrayList<>();
        for (JsonNode vm : root.path("vms")) {
            SeedVm seed = SeedVm.of(vm.path("resourceGroup").asText(), vm.path("name").asText())
                    .location(vm.path("location").asText("eastus2")).size(vm.path("size").asText())
                    .securityType(SecurityType.valueOf(vm.path("securityType").asText("STANDARD")))
                    .powerState(ArmPowerState.valueOf(vm.path("power").asText("RUNNING")));
            if (seed.securityType == SecurityType.STANDARD) {
                seed.hyperVGeneration(vm.path("hyperVGeneration").asText("V2"));
            }
            vm.path("zones").forEach(zone -> seed.zone(zone.asText()));
            vm.path("tags").properties().forEach(tag -> seed.tag(tag.getKey(), tag.getValue().asText()));
            if (vm.has("guest")) {
                seed.guest = guest(vm.path("guest"));
            }
            seeds.add(seed);
        }
        return Optional.of(seeds);
    }

    /** Writes the VMs (transitional power states saved as where they lead), replacing the file atomically. */
    public static void save(Path file, List<VmSnapshot> vms) throws IOException {
        ObjectNode root = Json.object();
        root.put("formatVersion", FORMAT);
        root.put("note", "State of provision's embedded ARM emulator (a local rehearsal, not Azure). "
                + "Delete this file to start over.");
        ArrayNode list = root.putArray("vms");
        for (VmSnapshot vm : vms) {
            ObjectNode node = list.addObject();
            node.put("name", vm.name());
            node.put("resourceGroup", vm.resourceGroup());
            node.put("location", vm.location().toLowerCase(Locale.ROOT));
            node.put("size", vm.size());
            node.put("power", settled(vm.powerState()).name());
            node.put("securityType", vm.securityType().name());
            node.put("hyperVGeneration", vm.hyperVGeneration());
            ArrayNode zones = node.putArray("zones");
            vm.zones().forEach(zones::add);
            ObjectNode tags = node.putObject("tags");
            vm.tags().forEach(tags::put);
            node.set("guest", guest(vm.guest()));
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The Windows inside: edition, features, pending reboot, distros, and accounts as salted digests only. */
    private static ObjectNode guest(WindowsGuest guest) {
        ObjectNode node = Json.object();
        node.put("edition", guest.edition().name());
        ObjectNode features = node.putObject("features");
        WindowsGuest.FEATURES.forEach(f -> features.put(f, guest.feature(f)));
        node.put("rebootPending", guest.rebootPending());
        ArrayNode distros = node.putArray("distros");
        guest.distroNames().stream().sorted().forEach(distros::add);
        ObjectNode accounts = node.putObject("accountDigests");
        new java.util.TreeMap<>(guest.accountDigests()).forEach(accounts::put);
        return node;
    }

    private static WindowsGuest guest(JsonNode node) {
        WindowsGuest guest = new WindowsGuest()
                .edition(WindowsGuest.Edition.valueOf(node.path("edition").asText("WINDOWS_SERVER_2022")))
                .rebootPending(node.path("rebootPending").asBoolean(false));
        node.path("features").properties().forEach(f -> guest.feature(f.getKey(), f.getValue().asText()));
        List<String> distros = new ArrayList<>();
        node.path("distros").forEach(d -> distros.add(d.asText()));
        if (!distros.isEmpty()) {
            guest.distros(distros.toArray(String[]::new));
        }
        node.path("accountDigests").properties().forEach(a -> guest.accountDigest(a.getKey(), a.getValue().asText()));
        return guest;
    }

    private static ArmPowerState settled(ArmPowerState power) {
        return switch (power) {
            case STARTING -> ArmPowerState.RUNNING;
            case STOPPING -> ArmPowerState.STOPPED;
            case DEALLOCATING -> ArmPowerState.DEALLOCATED;
            default -> power;
        };
    }
}
