package io.nexuschat.widget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.common.Caller;
import io.nexuschat.common.Page;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.experience.OriginPolicy;
import io.nexuschat.session.MessageView;
import io.nexuschat.session.SessionService;
import io.nexuschat.session.SessionStatus;
import io.nexuschat.session.SessionView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Everything a widget needs to start: resolves the init overrides against the experience, renders the shell and
 * finds the session to resume.
 */
@ApplicationScoped
public class WidgetInitService {

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?");

    @CheckedTemplate(basePath = "widget")
    static class Templates {
        static native TemplateInstance shell(WidgetShell shell);
    }

    /** Messages fetched per page of a resumed session's history. */
    private static final int HISTORY_PAGE = 100;

    @Inject
    ExperienceRegistry experiences;

    @Inject
    OriginPolicy originPolicy;

    @Inject
    SessionService sessions;

    @Inject
    WidgetConfig config;

    /**
     * Builds the init answer. {@code origin} is the request's {@code Origin} header (null for server-to-server calls);
     * an experience with {@code allowedOrigins} refuses other origins.
     */
    public WidgetInitResponse init(WidgetInitRequest request, String origin) {
        Experience experience = experiences.require(request.experienceId());
        originPolicy.check(experience, origin);
        WidgetLabels labels = WidgetLabels.forLocale(request.locale());
        Experience.Messages configured = experience.messages();
        WidgetInitRequest.Messages overrides = request.messages();

        String theme = first(request.theme(), experience.theme() == null ? null : experience.theme().mode());
        theme = "dark".equals(theme) ? "dark" : "light";
        String primaryColor = experience.theme() == null ? null : experience.theme().primaryColor();
        primaryColor = primaryColor != null && COLOR.matcher(primaryColor).matches() ? primaryColor : null;
        String welcome = first(overrides == null ? null : overrides.welcomeMessage(),
                configured == null ? null : configured.welcomeMessage());
        String display = first(overrides == null ? null : overrides.welcomeMessageDisplay(),
                configured == null ? null : configured.welcomeMessageDisplay());
        display = "inline".equals(display) ? "inline" : "bubble";
        String name = first(experience.name(), experience.id());
        Experience.WelcomeActions actions = configured == null ? null : configured.welcomeActions();
        List<Experience.Action> actionList = actions == null || actions.actions() == null
                ? List.of()
                : actions.actions();

        WidgetShell shell = new WidgetShell(name, theme, first(request.position(), "bottom-right"),
                first(request.mode(), "floating"), labels,
                first(configured == null ? null : configured.inputPlaceholder(), labels.placeholder()),
                welcome == null || welcome.isBlank() ? null : welcome, display, actionList,
                experience.disclaimer());
        var publicExperience = new WidgetInitResponse.PublicExperience(experience.id(), name,
                new WidgetInitResponse.Theme(theme, primaryColor),
                new WidgetInitResponse.Messages(shell.welcomeMessage(), display, actions), experience.disclaimer(),
                // Part-2 features (feedback, copy, voice, tts) are off until the bundle supports them.
                Map.of("feedback", false, "copy", false, "voice", false, "tts", false));
        return new WidgetInitResponse(publicExperience, Templates.shell(shell).render(), labels,
                snapshot(experience, request, origin));
    }

    /**
     * The session to resume, with its latest messages: only an active session of this experience that this caller may
     * use. Anything else (unknown, ended, another experience or user) resumes nothing; the widget then starts afresh.
     */
    private WidgetInitResponse.SessionSnapshot snapshot(Experience experience, WidgetInitRequest request,
            String origin) {
        if (request.sessionId() == null) {
            return null;
        }
        SessionView session = sessions.view(UUID.fromString(request.sessionId())).orElse(null);
        if (session == null || session.status() != SessionStatus.ACTIVE
                || !session.experienceId().equals(experience.id())) {
            return null;
        }
        try {
            sessions.authorize(session, new Caller(request.userId(), origin, false));
        } catch (ProblemException notThisCaller) {
            return null;
        }
        List<WidgetInitResponse.Message> messages = new ArrayList<>();
        String after = null;
        do {
            Page<MessageView> page = sessions.messages(session.id(), HISTORY_PAGE, after);
            for (MessageView m : page.items()) {
                messages.add(new WidgetInitResponse.Message(m.id().toString(), m.role().json(),
                        m.text(), m.html(), m.queryId(), m.createdAt().toString()));
            }
            after = page.nextCursor();
        } while (after != null);
        // Long conversations resume with their latest messages only.
        int limit = config.historyLimit();
        List<WidgetInitResponse.Message> shown = messages.size() > limit
                ? messages.subList(messages.size() - limit, messages.size())
                : messages;
        return new WidgetInitResponse.SessionSnapshot(session.id().toString(), session.status().json(),
                session.createdAt().toString(), session.metadata(), session.messageCount(), List.copyOf(shown));
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }
}
