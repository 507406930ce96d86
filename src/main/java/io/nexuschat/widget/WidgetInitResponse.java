package io.nexuschat.widget;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nexuschat.experience.Experience;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of {@code POST /api/v2/widget/init}: the experience's public settings (never its engine, relay or secrets),
 * the rendered shell, the labels the bundle needs later, and the snapshot of the resumed session when it is active.
 *
 * @param experience public settings of the experience, after init overrides (welcome actions, disclaimer, the
 *        {@code features} the bundle shows unless its config switches them off, its session rules, and its
 *        proactive {@code teaser})
 * @param shellHtml the widget shell (trusted, server-rendered HTML)
 * @param labels the widget's words in the visitor's language
 * @param session the resumed session with its messages, absent when there is none to resume
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetInitResponse(PublicExperience experience, String shellHtml, WidgetLabels labels,
        SessionSnapshot session) {

    /** What a browser may know about an experience. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicExperience(String id, String name, Theme theme, Messages messages,
            Experience.Disclaimer disclaimer, Map<String, Boolean> features, SessionRules session,
            Experience.Teaser teaser) {
    }

    /**
     * Session rules the widget applies: {@code newSessionOnEvent} lists action ids and {@code send_event} names after
     * which the visitor's next message starts a new session. Absent when the experience has none.
     */
    @RegisterForReflection
    public record SessionRules(List<String> newSessionOnEvent) {
    }

    /**
     * Resolved theme: {@code light}, {@code dark} or {@code auto}, the accent colour, and the experience's other theme
     * tokens (only known names with plain CSS values), which the widget applies as overridable defaults.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Theme(String mode, String primaryColor, Map<String, String> tokens) {
    }

    /** Resolved welcome message, its display, and the welcome actions. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Messages(String welcomeMessage, String welcomeMessageDisplay,
            Experience.WelcomeActions welcomeActions) {
    }

    /**
     * An active session to resume.
     *
     * @param id the session id
     * @param status {@code active}
     * @param createdAt ISO 8601 start of the session
     * @param metadata the session's metadata
     * @param messageCount number of messages in the session
     * @param messages its messages, oldest first
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionSnapshot(String id, String status, String createdAt, Map<String, Object> metadata,
            long messageCount, List<Message> messages) {
    }

    /**
     * One message of a resumed session. {@code html} is the server-rendered, sanitized HTML of an assistant message;
     * user messages have only {@code text}, which the bundle shows as text. {@code actions} are the buttons offered
     * with an answer, absent when none. {@code rating} is the visitor's current rating of an answer, {@code up} or
     * {@code down}, absent when it was not rated.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String id, String role, String text, String html, String queryId, String createdAt,
            List<Experience.Action> actions, String rating) {
    }
}
