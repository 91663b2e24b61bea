package io.flashcheckout.wiring;

import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.identity.TrustedIssuer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whose tokens the functions accept. On AWS two Cognito user pools: the shoppers' (open sign-up; its tokens never
 * make an admin) and the admins' (invite only; the only issuer whose {@code checkout/admin} scope counts), each with
 * its app client ids, keys from the pool's JWKS (or {@code jwks-url}). On the embedded stack one HS256 secret, whose
 * tokens the local tool mints for shoppers and admins alike. With none configured every token is refused.
 */
@Factory
public class IdentityFactory {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityFactory.class);

    @Singleton
    AccessTokenVerifier accessTokenVerifier(
            @Value("${flash-checkout.jwt.secret:}") String localSecret,
            @Value("${flash-checkout.jwt.channel-clients:}") List<String> localChannelClients,
            @Value("${flash-checkout.auth.shoppers.issuer:}") String shopperIssuer,
            @Value("${flash-checkout.auth.shoppers.client-ids:}") List<String> shopperClients,
            @Nullable @Value("${flash-checkout.auth.shoppers.jwks-url:}") String shopperJwks,
            @Value("${flash-checkout.auth.admins.issuer:}") String adminIssuer,
            @Value("${flash-checkout.auth.admins.client-ids:}") List<String> adminClients,
            @Nullable @Value("${flash-checkout.auth.admins.jwks-url:}") String adminJwks) {
        List<TrustedIssuer> issuers = new ArrayList<>();
        if (!localSecret.isEmpty()) {
            // more app clients for the local issuer: shoppers of several sales channels (a sale binds each to one)
            Set<String> localClients = new LinkedHashSet<>(Set.of(TrustedIssuer.LOCAL_CLIENT));
            localChannelClients.stream().map(String::trim).filter(c -> !c.isEmpty()).forEach(localClients::add);
            issuers.add(TrustedIssuer.sharedSecret(TrustedIssuer.LOCAL_ISSUER, localSecret, localClients, true));
        }
        if (!shopperIssuer.isEmpty()) {
            issuers.add(pool(shopperIssuer, shopperClients, shopperJwks, false));
        }
        if (!adminIssuer.isEmpty()) {
            issuers.add(pool(adminIssuer, adminClients, adminJwks, true));
        }
        if (issuers.isEmpty()) {
            LOG.warn("no token issuer configured: every request that needs a caller will be refused");
        }
        return new AccessTokenVerifier(issuers);
    }

    private static TrustedIssuer pool(String issuer, List<String> clients, @Nullable String jwksUrl, boolean admins) {
        Set<String> clientIds = new LinkedHashSet<>();
        clients.stream().map(String::trim).filter(c -> !c.isEmpty()).forEach(clientIds::add);
        return jwksUrl == null || jwksUrl.isBlank()
                ? TrustedIssuer.cognito(issuer, clientIds, admins)
                : TrustedIssuer.jwks(issuer, URI.create(jwksUrl), clientIds, admins);
    }
}
