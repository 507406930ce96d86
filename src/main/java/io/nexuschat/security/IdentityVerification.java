package io.nexuschat.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import io.nexuschat.common.Caller;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.runtime.Startup;

/**
 * Identity verification (what Intercom and Crisp call it): for an experience with
 * {@code "identity": {"secretEnv", "required"}}, a {@code userId} counts only with
 * {@code userHash = hex(HMAC-SHA256(secret, userId))}, computed by the integrator's backend, so nobody can join or read
 * another user's session by claiming their id. The secrets come from the environment variables the experiences name,
 * read once at startup: an experience naming a variable that is not set stops startup. Secrets and expected hashes are
 * never logged nor returned.
 */
@Startup
@ApplicationScoped
public class IdentityVerification {

    /** Shortest accepted secret, in characters. */
    public static final int MIN_SECRET = 16;
    private static final String HMAC = "HmacSHA256";

    private final Map<String, Verifier> verifiers;

    @Inject
    public IdentityVerification(ExperienceRegistry experiences) {
        this(experiences, variable -> ConfigProvider.getConfig().getOptionalValue(variable, String.class)
                .orElse(null));
    }

    /**
     * Reads the secrets of the experiences that verify identities.
     *
     * @param environment looks up a variable (secrets come only from the environment)
     */
    public IdentityVerification(ExperienceRegistry experiences, Function<String, String> environment) {
        Map<String, Verifier> loaded = new LinkedHashMap<>();
        for (Experience experience : experiences.all()) {
            Experience.Identity identity = experience.identity();
            if (identity == null) {
                continue;
            }
            String secret = environment.apply(identity.secretEnv());
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException("Experience '" + experience.id() + "': identity.secretEnv names the "
                        + "environment variable " + identity.secretEnv() + ", which is not set; set it to the secret "
                        + "your backend signs user ids with");
            }
            if (secret.length() < MIN_SECRET) {
                throw new IllegalStateException("Experience '" + experience.id() + "': the variable "
                        + identity.secretEnv() + " (identity.secretEnv) must hold at least " + MIN_SECRET
                        + " characters");
            }
            loaded.put(experience.id(), new Verifier(
                    new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), identity.hashRequired()));
        }
        this.verifiers = Map.copyOf(loaded);
    }

    private record Verifier(SecretKeySpec key, boolean required) {
    }

    /**
     * Throws 403 when the caller claims a user id of {@code experience} without a valid {@code userHash}: a wrong hash
     * always; no hash when the experience's {@code identity.required} is true. Callers with an API key, callers without
     * a user id and experiences without {@code identity} pass.
     */
    public void check(Experience experience, Caller caller) {
        Verifier verifier = verifiers.get(experience.id());
        if (verifier == null || caller.apiKey() || caller.userId() == null) {
            return;
        }
        if (caller.userHash() == null) {
            if (verifier.required()) {
                throw ProblemException.forbidden("This experience verifies user ids: send userHash beside userId (in "
                        + "the body, or the " + Caller.USER_HASH_HEADER + " header), computed by your backend as the "
                        + "hex HMAC-SHA256 of the userId with the experience's identity secret");
            }
            return;
        }
        byte[] expected = hash(verifier.key(), caller.userId()).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = caller.userHash().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw ProblemException.forbidden("The userHash does not match the userId: compute it on your backend as "
                    + "the hex HMAC-SHA256 of the userId with the experience's identity secret");
        }
    }

    /** {@code hex(HMAC-SHA256(secret, userId))}, lowercase: the {@code userHash} of a user id. */
    public static String hash(String secret, String userId) {
        return hash(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), userId);
    }

    private static String hash(SecretKeySpec key, String userId) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
