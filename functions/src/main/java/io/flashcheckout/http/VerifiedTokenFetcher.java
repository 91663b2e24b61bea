package io.flashcheckout.http;

import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.identity.InvalidTokenException;
import io.flashcheckout.identity.VerifiedToken;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.function.aws.proxy.security.MicronautLambdaAuthenticationFetcher;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The only source of a caller's identity on every route: the {@code Authorization: Bearer} token, verified by
 * {@link AccessTokenVerifier}. It replaces Micronaut's Lambda fetcher, which trusted the claims in the event's
 * request context and, without them, the client's {@code x-amzn-oidc-identity} header. No token, or one that
 * does not verify: no identity (routes that need one answer 401).
 */
@Singleton
@Replaces(MicronautLambdaAuthenticationFetcher.class)
public class VerifiedTokenFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedTokenFetcher.class);
    private static final String BEARER = "Bearer ";

    private final AccessTokenVerifier verifier;

    public VerifiedTokenFetcher(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Publishers.empty();
        }
        try {
            VerifiedToken token = verifier.verify(header.substring(BEARER.length()).trim());
            return Publishers.just(Authentication.build(token.subject(), List.of(), Map.of(
                    "scope", String.join(" ", token.scopes()),
                    "iss", token.issuer(),
                    "client_id", token.clientId(),
                    "iat", token.issuedAt().getEpochSecond(),
                    ADMIN, token.admin())));
        } catch (InvalidTokenException e) {
            LOG.info("bearer token refused: {}", e.getMessage());
            return Publishers.empty();
        }
    }
}
