package io.nexuschat.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pages of the demo site under {@code /demos/}: their paths are a public contract (tests outside this repository
 * open them), so a page is only ever added, never renamed.
 */
public enum DemoPage {

    SESSION_MANAGEMENT("session-management", "Session management",
            "Control chat sessions with startNewSession() and clearChat(), and watch the session lifecycle events."), EVENTS(
                    "events", "Events",
                    "All 23 widget events as they fire, beside the same session's events relayed by the server."), PLAYGROUND(
                            "playground", "Playground",
                            "Change every theme token and ::part, position, mode, language, welcome message, actions, disclaimer, features, storage and consent; try the unread count and a teaser; copy the snippet."), PROTOCOL_LINKS(
                                    "protocol-links", "Custom protocol links",
                                    "tour:, action: and product: links in answers, handled by customProtocolHandlers and linkClick."), HANDOVER(
                                            "handover", "Handover to a person",
                                            "A trigger_handover button, what your handover listener receives, and the request the server records."), VOICE(
                                                    "voice", "Voice input and read-aloud",
                                                    "Dictate a question and have answers read aloud, where the browser can."), INTERCEPTOR(
                                                            "interceptor", "Message interceptor",
                                                            "See each message before it is sent: enrich it, answer it on the page, or fail safely."), EMBEDDED(
                                                                    "embedded", "Embedded mode",
                                                                    "The chat inside your page layout instead of floating over it.");

    private final String slug;
    private final String title;
    private final String summary;

    DemoPage(String slug, String title, String summary) {
        this.slug = slug;
        this.title = title;
        this.summary = summary;
    }

    /** Path segment after {@code /demos/}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** One sentence for the home page's list of demos. */
    public String summary() {
        return summary;
    }

    /** {@code /demos/<slug>}. */
    public String path() {
        return "/demos/" + slug;
    }

    /** The Qute template of the page. */
    String template() {
        return "demo/" + slug;
    }

    static Optional<DemoPage> bySlug(String slug) {
        return Arrays.stream(values()).filter(p -> p.slug.equals(slug)).findFirst();
    }

    static List<DemoPage> all() {
        return List.of(values());
    }
}
