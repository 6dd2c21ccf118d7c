package dev.provision.azure;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.azure.sizing.VmSku;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The region's VM sizes on disk, per cloud, subscription and region, for a day by default. The Resource SKU list
 * is ~0.9 MB in 3 pages and changes rarely; restrictions are per subscription, hence the key. Only the reduced
 * {@link VmSku} rows are kept (a few dozen KB), which also makes a warm start cheap to parse. A cache that cannot
 * be read or written is a miss, never an error.
 */
final class SkuCache {
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** {@code fetchedAt} in epoch milliseconds: plain Jackson has no java.time support without a module. */
    private record Entry(Long fetchedAt, List<VmSku> skus) {}

    private final Path dir;
    private final Duration ttl;
    private final Clock clock;

    SkuCache(Path dir, Duration ttl, Clock clock) {
        this.dir = dir;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** {@code $PROVISION_CACHE_DIR}, else {@code $XDG_CACHE_HOME/provision}, else {@code ~/.cache/provision}. */
    static Path defaultDir(Map<String, String> env) {
        String own = env.get("PROVISION_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own).resolve("azure-skus");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("provision").resolve("azure-skus");
    }

    /** The cached list when it is younger than the TTL. */
    Optional<List<VmSku>> fresh(String cloud, String subscription, String location) {
        Path file = file(cloud, subscription, location);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Entry entry = JSON.readValue(file.toFile(), new TypeReference<Entry>() { });
            // A cache written before vCPUsAvailable was kept (every row 0) would judge constrained sizes wrongly.
            if (entry.fetchedAt() == null || entry.skus() == null
                    || entry.skus().stream().anyMatch(s -> s.vcpusAvailable() <= 0)
                    || Instant.ofEpochMilli(entry.fetchedAt()).plus(ttl).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(entry.skus());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void store(String cloud, String subscription, String location, List<VmSku> skus) {
        Path file = file(cloud, subscription, location);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), location, ".tmp");
            JSON.writeValue(tmp.toFile(), new Entry(clock.millis(), skus));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs the next run a listing.
        }
    }

    Path file(String cloud, String subscription, String location) {
        return dir.resolve(safe(cloud)).resolve(safe(subscription)).resolve(safe(location) + ".json");
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
