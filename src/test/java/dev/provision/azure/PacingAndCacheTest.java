package dev.provision.azure;

import dev.provision.azure.sizing.VmSku;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write bucket's arithmetic and the SKU cache's time-to-live, on fake clocks. */
class PacingAndCacheTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void theBucketLetsABurstThroughThenQueuesAtItsRefillRate() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(3, 2, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, bucket.reserve());
        }
        assertEquals(Duration.ofMillis(500), bucket.reserve(), "the 4th waits half a second at 2 per second");
        assertEquals(Duration.ofMillis(1000), bucket.reserve(), "the 5th queues behind it");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ZERO, bucket.reserve(), "refilled, never above capacity");
        assertEquals(Duration.ZERO, bucket.reserve());
        assertEquals(Duration.ZERO, bucket.reserve());
        assertTrue(bucket.reserve().toMillis() > 0);
    }

    @Test
    void theDocumentedLimitsAreWhatIsPaced() {
        assertEquals(200, WritePacing.BURST, 0.0, "ARM: 200 writes per bucket");
        assertEquals(500 / 60.0, WritePacing.PER_SECOND, 1e-9, "Compute: 500 VM writes per minute");
    }

    @Test
    void cachedSizesExpireAfterTheirTimeToLive() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<VmSku> skus = List.of(new VmSku("Standard_D4s_v5", "standardDSv5Family", 4, 16, Set.of("V1", "V2"),
                "x64", true, null, Set.of(), Set.of("1")));
        new SkuCache(dir, Duration.ofHours(24), Clock.fixed(t0, ZoneOffset.UTC)).store("AzureCloud", "sub", "eastus2",
                skus);
        assertEquals(skus, new SkuCache(dir, Duration.ofHours(24), Clock.fixed(t0.plusSeconds(3600), ZoneOffset.UTC))
                .fresh("AzureCloud", "sub", "eastus2").orElseThrow());
        assertTrue(new SkuCache(dir, Duration.ofHours(24), Clock.fixed(t0.plusSeconds(25 * 3600), ZoneOffset.UTC))
                .fresh("AzureCloud", "sub", "eastus2").isEmpty());
        assertTrue(new SkuCache(dir, Duration.ofHours(24), Clock.fixed(t0, ZoneOffset.UTC))
                .fresh("AzureCloud", "other-sub", "eastus2").isEmpty(), "restrictions are per subscription");
    }
}
