package dev.provision.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A bearer token obtained elsewhere (e.g. {@code az account get-access-token}) or any token for the ARM
 * emulator, handed to the SDK as is. The token never appears in {@link #toString()}, logs or exceptions.
 */
public final class StaticTokenCredential implements TokenCredential {
    private final String token;
    private final OffsetDateTime expiresAt;

    private StaticTokenCredential(String token, OffsetDateTime expiresAt) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        this.token = token;
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A token valid until {@code expiresAt}; the SDK does not refresh it, so calls after that fail with 401. */
    public static StaticTokenCredential of(String token, OffsetDateTime expiresAt) {
        return new StaticTokenCredential(token, expiresAt);
    }

    /** A token with no known expiry (one hour is reported, as a pre-obtained ARM token typically lasts). */
    public static StaticTokenCredential of(String token) {
        return new StaticTokenCredential(token, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.just(new AccessToken(token, expiresAt));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return new AccessToken(token, expiresAt);
    }

    @Override
    public String toString() {
        return "StaticTokenCredential[expiresAt=" + expiresAt + "]";
    }
}
