package dev.provision.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces writes (PUT, PATCH, POST, DELETE) per subscription so a large apply stays under Azure's documented
 * buckets instead of being throttled: ARM allows 200 writes in a burst, refilled at 10 per second, per
 * subscription and region; the Compute RP allows 500 VM writes per minute (1,500 burst) per subscription and
 * region, which makes the sustained limit 8.3 per second. The bucket is shared by every connection of the process
 * to the same subscription, and sits after the retry policy, so retries are paced too. Reads are not paced: a
 * plan makes a handful of them. A 429 that gets through anyway is retried by the SDK after its Retry-After.
 */
final class WritePacing implements HttpPipelinePolicy {
    static final double BURST = 200;
    static final double PER_SECOND = 500 / 60.0;
    private static final Map<String, TokenBucket> BY_SUBSCRIPTION = new ConcurrentHashMap<>();

    private final TokenBucket bucket;

    WritePacing(TokenBucket bucket) {
        this.bucket = bucket;
    }

    static WritePacing forSubscription(String subscription) {
        return new WritePacing(BY_SUBSCRIPTION.computeIfAbsent(subscription.toLowerCase(Locale.ROOT),
                s -> new TokenBucket(BURST, PER_SECOND, System::nanoTime)));
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        if (!isWrite(context.getHttpRequest().getHttpMethod())) {
            return next.process();
        }
        Duration wait = bucket.reserve();
        return wait.isZero() ? next.process() : Mono.delay(wait).then(Mono.defer(next::process));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        if (isWrite(context.getHttpRequest().getHttpMethod())) {
            Duration wait = bucket.reserve();
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while pacing writes", e);
                }
            }
        }
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private static boolean isWrite(HttpMethod method) {
        return method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.POST
                || method == HttpMethod.DELETE;
    }
}
