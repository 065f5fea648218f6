package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * JWT callers (mode jwt): a token is checked by Spring Security's {@link NimbusReactiveJwtDecoder} (signature against
 * the issuer's JWK set, fetched without blocking and cached as Spring does; expiry; issuer; audience), and a good one
 * becomes a key-like caller: id {@code jwt:<sub>}, the team its team claim names, the models its models claim lists.
 * A refusal says why and never repeats the token.
 */
public final class JwtCallers {

    /** Three base64url parts joined by dots (a JWS); a gk_ key has no dot, so it is never taken for a token. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** Where identity providers put roles and scopes: plain, Cognito's groups, OAuth2's scope and its array form. */
    private static final List<String> ROLE_CLAIMS = List.of("roles", "groups", "cognito:groups", "scope", "scp");
    /** Spring's messages start with this; the reason after it is what a caller needs. */
    private static final String DECODE_PREFIX = "An error occurred while attempting to decode the Jwt: ";

    private final ReactiveJwtDecoder decoder;
    private final JwtSettings settings;

    JwtCallers(ReactiveJwtDecoder decoder, JwtSettings settings) {
        this.decoder = decoder;
        this.settings = settings;
    }

    /** The decoder for the settings' issuer or JWK set; nothing is fetched until the first token. */
    static JwtCallers of(JwtSettings settings) {
        NimbusReactiveJwtDecoder decoder = JwtSettings.present(settings.jwkSetUri())
                ? NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(JwtSettings.present(settings.issuerUri())
                ? JwtValidators.createDefaultWithIssuer(settings.issuerUri()) : JwtValidators.createDefault());
        if (settings.checksAudience()) {
            checks.add(new JwtAudienceValidator(settings.audience()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(checks));
        return new JwtCallers(decoder, settings);
    }

    /** Whether a bearer value has a JWT's shape (else, in mode keys,jwt, it is taken for an API key). */
    public static boolean looksLikeJwt(String bearer) {
        return bearer != null && COMPACT_JWS.matcher(bearer).matches();
    }

    /** The caller a token stands for, or 401 {@code invalid_api_key} saying why it is refused. */
    Mono<AccessKey> caller(String token) {
        return decode(token, ErrorKind.INVALID_API_KEY).map(this::asKey);
    }

    /**
     * The token's subject when it carries the admin role; 401 {@code unauthorized} when it is not a good token, 403
     * when it is one without the role.
     */
    Mono<String> admin(String token) {
        return decode(token, ErrorKind.UNAUTHORIZED).map(jwt -> {
            if (!hasRole(jwt, settings.adminRole())) {
                throw new GatewayException(ErrorKind.FORBIDDEN, "The token of '" + jwt.getSubject() + "' does not "
                        + "carry the admin role '" + settings.adminRole() + "' (in roles, groups or scope)");
            }
            return jwt.getSubject() == null ? "jwt" : "jwt:" + jwt.getSubject();
        });
    }

    /**
     * The checked token. A bad one is refused as {@code refusal}; when the issuer's keys cannot be fetched (Spring
     * says so with an IllegalStateException around the fetch's failure), the token cannot be judged: 503.
     */
    private Mono<Jwt> decode(String token, ErrorKind refusal) {
        return decoder.decode(token)
                .onErrorMap(JwtException.class, error -> new GatewayException(refusal, "Invalid JWT: " + reason(error)))
                .onErrorMap(error -> !(error instanceof GatewayException), error -> new GatewayException(
                        ErrorKind.IDENTITY_UNAVAILABLE, "The JWT cannot be checked now: the issuer's signing keys "
                        + "(JWK set) cannot be fetched (" + error.getMessage() + ")"));
    }

    private AccessKey asKey(Jwt jwt) {
        String subject = jwt.getSubject();
        if (!JwtSettings.present(subject)) {
            throw invalid("The JWT has no 'sub' claim, which names the caller");
        }
        String team = jwt.getClaimAsString(settings.teamClaim());
        if (!JwtSettings.present(team)) {
            throw invalid("The JWT has no '" + settings.teamClaim() + "' claim, which names the caller's team "
                    + "(gateway.auth.jwt.team-claim)");
        }
        List<String> models = settings.hasModelsClaim() && jwt.hasClaim(settings.modelsClaim())
                ? values(jwt.getClaims().get(settings.modelsClaim())) : List.of("*");
        String id = "jwt:" + subject;
        return new AccessKey(id, subject, team, id, models, jwt.getExpiresAt(), null, jwt.getIssuedAt(), null,
                Limits.NONE, Map.of());
    }

    private static boolean hasRole(Jwt jwt, String role) {
        return ROLE_CLAIMS.stream().anyMatch(claim -> values(jwt.getClaims().get(claim)).contains(role));
    }

    /** A claim as a list: an array as it is, a string split on spaces (OAuth2's scope) and commas. */
    private static List<String> values(Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text) {
            return Arrays.stream(text.split("[\\s,]+")).filter(value -> !value.isEmpty()).toList();
        }
        return List.of();
    }

    /** Every failed check of a token (expired, wrong issuer, wrong audience), or the decoder's reason (signature). */
    private static String reason(JwtException error) {
        if (error instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
            return String.join("; ", invalid.getErrors().stream().map(e -> e.getDescription()).toList());
        }
        // Spring says only "Failed to validate the token"; Nimbus's cause says what failed ("Invalid signature").
        Throwable cause = error.getCause();
        if (cause != null && cause.getClass().getName().startsWith("com.nimbusds.") && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String message = String.valueOf(error.getMessage());
        return message.startsWith(DECODE_PREFIX) ? message.substring(DECODE_PREFIX.length()) : message;
    }

    private static GatewayException invalid(String detail) {
        return new GatewayException(ErrorKind.INVALID_API_KEY, detail);
    }
}
