package io.nexuschat.answer.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nexuschat.answer.AnswerException;
import io.nexuschat.answer.EngineSettings;
import io.nexuschat.relay.webhook.WebhookSigner;

/**
 * The {@code http} engine's settings of one experience, read from {@code answer.settings} with secrets resolved from
 * the environment. Every problem is a {@linkplain AnswerException#misconfigured misconfiguration} naming the key or the
 * variable, never a value.
 *
 * @param url where the bot listens ({@code url}, http or https)
 * @param secret the {@code whsec_…} signing secret (from the variable named by {@code secretEnv})
 * @param timeout the longest wait for the response to start and between two pieces of a stream ({@code timeout})
 * @param headers extra request headers, values resolved from the environment ({@code headers})
 * @param historyMessages how many earlier messages the bot receives ({@code historyMessages})
 * @param maxResponseBytes the largest reply accepted ({@code maxResponseBytes})
 */
record BotSettings(URI url, String secret, Duration timeout, Map<String, String> headers, int historyMessages,
        int maxResponseBytes) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    static final int DEFAULT_HISTORY_MESSAGES = 20;
    static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the engine sets itself, or that the JDK's client refuses. */
    private static final Set<String> RESERVED = Set.of("content-type", "content-length", "accept", "host", "connection",
            "expect", "upgrade", "webhook-id", "webhook-timestamp", "webhook-signature");

    /**
     * Reads and checks the settings.
     *
     * @param environment looks up a variable (secrets come only from the environment)
     */
    static BotSettings of(EngineSettings settings, Function<String, String> environment) {
        String experience = settings.experienceId();
        URI url = url(settings);
        String secretEnv = settings.optionalString("secretEnv").filter(s -> !s.isBlank())
                .orElseThrow(() -> AnswerException.misconfigured("Experience '" + experience
                        + "': answer.settings.secretEnv (the environment variable holding the bot's whsec_ signing "
                        + "secret) is required"));
        String secret = environment.apply(secretEnv);
        if (secret == null || secret.isBlank()) {
            throw AnswerException.misconfigured("Experience '" + experience + "': the bot's signing secret variable "
                    + secretEnv + " is not set");
        }
        if (!WebhookSigner.valid(secret.strip())) {
            throw AnswerException.misconfigured("Experience '" + experience + "': the variable " + secretEnv
                    + " must hold a whsec_ secret (whsec_ and 16 to 64 bytes in base64)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> header : settings.optionalObject("headers").orElse(Map.of()).entrySet()) {
            String name = header.getKey();
            if (!TOKEN.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw settings.invalid("headers", "an object of header names (not Content-Type, Accept, Host, "
                        + "webhook-*) to the names of the environment variables holding their values");
            }
            if (!(header.getValue() instanceof String variable) || variable.isBlank()) {
                throw settings.invalid("headers." + name, "the name of an environment variable");
            }
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                throw AnswerException.misconfigured("Experience '" + experience + "': the variable " + variable
                        + " of answer.settings.headers." + name + " is not set");
            }
            headers.put(name, value.strip());
        }
        return new BotSettings(url, secret.strip(), timeout(settings), Map.copyOf(headers),
                settings.integer("historyMessages", DEFAULT_HISTORY_MESSAGES, 0, 100),
                settings.integer("maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 1024, 16 * 1024 * 1024));
    }

    private static URI url(EngineSettings settings) {
        String url = settings.optionalString("url").orElse("");
        try {
            URI uri = URI.create(url.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw settings.invalid("url", "the bot's http(s) URL");
    }

    /** {@code timeout}: seconds as a number ({@code 10}, {@code 2.5}) or text ({@code "10s"}, {@code "500ms"}). */
    private static Duration timeout(EngineSettings settings) {
        Object value = settings.values().get("timeout");
        Duration timeout;
        if (value == null) {
            return DEFAULT_TIMEOUT;
        } else if (value instanceof Number seconds && Double.isFinite(seconds.doubleValue())) {
            timeout = Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
        } else if (value instanceof String text && DURATION.matcher(text.strip()).matches()) {
            Matcher m = DURATION.matcher(text.strip());
            m.matches();
            double amount = Double.parseDouble(m.group(1));
            timeout = Duration.ofMillis(Math.round("ms".equals(m.group(2)) ? amount : amount * 1000));
        } else {
            timeout = Duration.ZERO;
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw settings.invalid("timeout", "a duration above 0 and up to 300 s: seconds (10, 2.5) or \"10s\", "
                    + "\"500ms\"");
        }
        return timeout;
    }
}
