package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Duration;
import java.time.Instant;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.serving.error.ServingException;

/**
 * JWT bearer tokens, HMAC-SHA256 with {@code GLIMMR_JWT_SECRET}: issuer and audience from the configuration, a
 * {@code role} claim, and at most 24 hours between {@code iat} and {@code exp}. A token that breaks any of these is
 * refused as {@link ServingException.ErrorCode#UNAUTHENTICATED}, saying which.
 */
public final class JwtTokens {
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    public static final String ROLE_CLAIM = "role";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final String issuer;
    private final String audience;

    public JwtTokens(String secret, String issuer, String audience) {
        requireNonNull(secret, "secret is null");
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.audience = requireNonNull(audience, "audience is null");
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(issuer).withAudience(audience)
                .withClaimPresence("exp").withClaimPresence("iat").withClaimPresence("sub").withClaimPresence(ROLE_CLAIM)
                .acceptLeeway(30).build();
    }

    public static java.util.Optional<JwtTokens> fromConfig(GlimmrConfig.Api api) {
        return api.jwtSecret().map(s -> new JwtTokens(s, api.jwtIssuer(), api.jwtAudience()));
    }

    public String issue(String subject, Role role, Instant now) {
        return JWT.create().withIssuer(issuer).withAudience(audience).withSubject(subject).withClaim(ROLE_CLAIM, role.wireName())
                .withIssuedAt(now).withExpiresAt(now.plus(MAX_LIFETIME)).sign(algorithm);
    }

    /** What a verified token says: its subject ({@code key:<key id>} for tokens this server issued) and role. */
    public record Claims(String subject, Role role) {
        public Claims {
            requireNonNull(subject, "subject is null");
            requireNonNull(role, "role is null");
        }
    }

    /** The token's claims, once signature, issuer, audience, lifetime and role are checked. */
    public Claims verify(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw ServingException.unauthenticated("the bearer token expired at " + e.getExpiredOn() + ". Fix: get a new token"
                    + " (POST /api/v1/auth/token with your API key).");
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            throw ServingException.unauthenticated("the bearer token's signature is not valid for this server. Fix: use a token"
                    + " issued by this server (POST /api/v1/auth/token).");
        } catch (MissingClaimException e) {
            throw ServingException.unauthenticated("the bearer token lacks the claim '" + e.getClaimName() + "'. Fix: tokens need"
                    + " iss, aud, sub, iat, exp and role.");
        } catch (JWTDecodeException e) {
            throw ServingException.unauthenticated("the bearer token is neither an API key (glmr_…) nor a well-formed JWT."
                    + " Fix: send 'Authorization: Bearer <API key or token>'.");
        } catch (JWTVerificationException e) {
            throw ServingException.unauthenticated("the bearer token was refused: " + e.getMessage() + ". Fix: use a token issued"
                    + " by this server for issuer '" + issuer + "' and audience '" + audience + "'.");
        }
        Duration lifetime = Duration.between(jwt.getIssuedAtAsInstant(), jwt.getExpiresAtAsInstant());
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw ServingException.unauthenticated("the bearer token is valid for " + lifetime.toHours() + " hours, more than"
                    + " the 24 allowed. Fix: issue tokens that expire within 24 hours of iat.");
        }
        Role role = Role.parse(jwt.getClaim(ROLE_CLAIM).asString()).orElseThrow(() -> ServingException.unauthenticated(
                "the bearer token's role claim is not viewer, analyst or admin. Fix: issue it with one of these roles."));
        return new Claims(jwt.getSubject(), role);
    }
}
