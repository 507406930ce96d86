package io.nexuschat.experience;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One chat experience: what the widget shows, how answers are produced, and the session and relay policy. Loaded from
 * JSON files (see {@link ExperienceRegistry}); every field but {@code id} is optional and defaulted by the accessor
 * helpers below.
 *
 * @param id stable identifier used by the widget's {@code experienceId}
 * @param name display name, shown in the widget header
 * @param answer which answer engine answers, and its settings
 * @param messages welcome message and welcome actions
 * @param disclaimer text the visitor must accept before typing, if any
 * @param theme look of the widget
 * @param allowedOrigins origins allowed to call the widget endpoints for this experience; empty = any origin
 * @param session session lifetime policy and rules
 * @param relay relay policy for this experience's events (visitor text opt-in)
 * @param knowledgeBase Markdown documents of the knowledge base, relative to the experience file's folder
 * @param webhooks webhook endpoints declared in the file (beside those managed through {@code /api/v2/webhooks})
 * @param analytics analytics sinks ({@code ga4}, {@code segment}, {@code mixpanel}) as written in the file, parsed by
 *        {@code io.nexuschat.relay.analytics.AnalyticsSinks}; never serialized out (it names secret variables)
 * @param identity identity verification: user ids must come with a {@code userHash} (HMAC-SHA256 with the secret in
 *        {@code secretEnv}); never serialized out
 * @param teaser a proactive message shown beside the widget's launcher after a delay, on matching pages
 */
@RegisterForReflection(targets = {Experience.class, Experience.Answer.class, Experience.Messages.class,
        Experience.WelcomeActions.class, Experience.Action.class, Experience.ActionSpec.class,
        Experience.Disclaimer.class, Experience.Theme.class, Experience.SessionPolicy.class,
        Experience.Relay.class, Experience.Webhook.class, Experience.Identity.class, Experience.Teaser.class})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experience(String id, String name, Answer answer, Messages messages, Disclaimer disclaimer, Theme theme,
        List<String> allowedOrigins, SessionPolicy session, Relay relay, List<String> knowledgeBase,
        List<Webhook> webhooks,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<String, Object> analytics,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Identity identity, Teaser teaser) {

    /** An experience without a teaser. */
    public Experience(String id, String name, Answer answer, Messages messages, Disclaimer disclaimer, Theme theme,
            List<String> allowedOrigins, SessionPolicy session, Relay relay, List<String> knowledgeBase,
            List<Webhook> webhooks, Map<String, Object> analytics, Identity identity) {
        this(id, name, answer, messages, disclaimer, theme, allowedOrigins, session, relay, knowledgeBase, webhooks,
                analytics, identity, null);
    }

    /** An experience without identity verification. */
    public Experience(String id, String name, Answer answer, Messages messages, Disclaimer disclaimer, Theme theme,
            List<String> allowedOrigins, SessionPolicy session, Relay relay, List<String> knowledgeBase,
            List<Webhook> webhooks, Map<String, Object> analytics) {
        this(id, name, answer, messages, disclaimer, theme, allowedOrigins, session, relay, knowledgeBase, webhooks,
                analytics, null);
    }

    /** An experience without file-declared webhooks or analytics sinks. */
    public Experience(String id, String name, Answer answer, Messages messages, Disclaimer disclaimer, Theme theme,
            List<String> allowedOrigins, SessionPolicy session, Relay relay, List<String> knowledgeBase) {
        this(id, name, answer, messages, disclaimer, theme, allowedOrigins, session, relay, knowledgeBase, null,
                null, null, null);
    }

    /** Default absolute session lifetime: 24 hours. */
    public static final long DEFAULT_EXPIRATION_SECONDS = 86_400;

    /** Answer engine id ({@code knowledge-base}, {@code openai}, {@code http}, {@code echo}) and its settings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Answer(String engine, Map<String, Object> settings) {
    }

    /** Welcome message, how it is displayed ({@code bubble} or {@code inline}), and welcome action buttons. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Messages(String welcomeMessage, String welcomeMessageDisplay, WelcomeActions welcomeActions,
            String inputPlaceholder) {
    }

    /** The {@code messages.welcomeActions} object of the widget config. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WelcomeActions(List<Action> actions) {
    }

    /**
     * A button: {@code {id, label, action: {type, payload}}}. Types: {@code trigger_handover}, {@code send_query},
     * {@code open_url}, {@code send_event}. {@code oneTime} buttons disable themselves after use.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String id, String label, ActionSpec action, Boolean oneTime) {
    }

    /** What a button does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActionSpec(String type, Map<String, Object> payload) {
    }

    /** A disclaimer that gates the input until accepted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Disclaimer(String title, String text, String acceptLabel) {
    }

    /**
     * Theme defaults: {@code mode} light|dark|auto, an accent colour, and further theme tokens by their init-config
     * names ({@code fontFamily}, {@code radius}, … see the README's Theming section). Host-page CSS and the init config
     * override them.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Theme(String mode, String primaryColor, Map<String, String> tokens) {

        /** A theme of a mode and an accent colour only. */
        public Theme(String mode, String primaryColor) {
            this(mode, primaryColor, null);
        }
    }

    /**
     * Session policy: absolute lifetime (60 s … 30 days, default 24 h), an optional inactivity timeout, and
     * {@code newSessionOnEvent}: widget action ids or {@code send_event} names after which the visitor's next message
     * starts a new session.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionPolicy(Long expirationSeconds, Long inactivityTimeoutSeconds,
            List<String> newSessionOnEvent) {
    }

    /**
     * Relay policy: {@code includeVisitorText} lets text the visitor typed or spoke ({@code typing.text},
     * {@code typingStop.finalText}, {@code messageStart.message}, {@code voiceEnd.transcript}, feedback comments) reach
     * webhooks; it is redacted otherwise.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Relay(Boolean includeVisitorText) {
    }

    /**
     * A webhook endpoint declared in the experience file: {@code url}, the environment variable holding its
     * {@code whsec_…} secret, and the event types it wants (all when absent).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Webhook(String url, String secretEnv, List<String> events, String description) {
    }

    /**
     * Identity verification: a {@code userId} must come with {@code userHash = hex(HMAC-SHA256(secret, userId))}, the
     * secret read from the environment variable named by {@code secretEnv}. {@code required} (default true): a user id
     * without a hash is refused; false (a migration mode): a hash, when sent, must be valid, a user id without one is
     * accepted.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(String secretEnv, Boolean required) {

        /** Whether a user id without a hash is refused; true unless {@code required} is false. */
        public boolean hashRequired() {
            return !Boolean.FALSE.equals(required);
        }
    }

    /**
     * The proactive teaser: {@code text} (shown as text, at most 500 characters) appears beside the launcher
     * {@code delaySeconds} (0 … 3600, default 0) after the widget starts, on pages whose path matches one of the
     * {@code pages} globs ({@code *} any characters but {@code /}, {@code **} any characters, {@code ?} one character
     * but {@code /}; every page when absent).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Teaser(String text, Integer delaySeconds, List<String> pages) {
    }

    /** Whether relayed events keep the text the visitor typed or spoke. */
    public boolean relayIncludesVisitorText() {
        return relay != null && Boolean.TRUE.equals(relay.includeVisitorText());
    }

    /** File-declared webhook endpoints, never null. */
    public List<Webhook> declaredWebhooks() {
        return webhooks == null ? List.of() : webhooks;
    }

    /** The file's {@code analytics} object, or null when it declares no analytics sinks. */
    public Map<String, Object> declaredAnalytics() {
        return analytics == null || analytics.isEmpty() ? null : analytics;
    }

    /** Absolute session lifetime for this experience, in seconds. */
    public long expirationSeconds() {
        return session != null && session.expirationSeconds() != null
                ? session.expirationSeconds()
                : DEFAULT_EXPIRATION_SECONDS;
    }

    /** Inactivity timeout in seconds, or null when there is none. */
    public Long inactivityTimeoutSeconds() {
        return session == null ? null : session.inactivityTimeoutSeconds();
    }

    /** Action ids and {@code send_event} names after which the next message starts a new session; never null. */
    public List<String> newSessionOnEvent() {
        return session == null || session.newSessionOnEvent() == null ? List.of() : session.newSessionOnEvent();
    }

    /** The answer engine id, {@code knowledge-base} by default. */
    public String engine() {
        return answer == null || answer.engine() == null ? "knowledge-base" : answer.engine();
    }

    /** Engine settings, never null. */
    public Map<String, Object> engineSettings() {
        return answer == null || answer.settings() == null ? Map.of() : answer.settings();
    }

    /** Allowed origins, never null; empty means any origin. */
    public List<String> origins() {
        return allowedOrigins == null ? List.of() : allowedOrigins;
    }
}
