package dev.bedrockgateway.access;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.auth.jwt.*}: where the keys that sign callers' JWTs come from, and which claims say who they are.
 *
 * @param issuerUri  the issuer (its {@code iss}); its OpenID discovery document names the JWK set, fetched at the
 *                   first token; tokens of another issuer are refused
 * @param jwkSetUri  the JWK set itself, when there is no discovery document (or to skip it); with an issuer-uri as
 *                   well, the issuer is still checked
 * @param audience   when set, a token's {@code aud} must contain it
 * @param teamClaim  the claim naming the caller's team, which must exist in the key store
 * @param modelsClaim when set, the claim listing the models and routes the caller may call (an array or a
 *                   space-separated string, {@code *} patterns allowed); a token without it may call every model
 * @param adminRole  when set, a token carrying this value in {@code roles}, {@code groups}, {@code cognito:groups},
 *                   {@code scope} or {@code scp} may use the admin API like the admin key
 */
public record JwtSettings(String issuerUri, String jwkSetUri, String audience, @DefaultValue("team") String teamClaim,
                          String modelsClaim, String adminRole) {

    boolean hasKeySource() {
        return present(issuerUri) || present(jwkSetUri);
    }

    boolean checksAudience() {
        return present(audience);
    }

    boolean hasModelsClaim() {
        return present(modelsClaim);
    }

    /** Whether a token can open the admin API. */
    public boolean hasAdminRole() {
        return present(adminRole);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
