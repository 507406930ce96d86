package io.nexuschat.widget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.common.Caller;
import io.nexuschat.common.ProblemException;
import io.nexuschat.conversation.FeedbackRating;
import io.nexuschat.conversation.FeedbackService;
import io.nexuschat.conversation.MessageRole;
import io.nexuschat.conversation.MessageService;
import io.nexuschat.conversation.MessageView;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.experience.OriginPolicy;
import io.nexuschat.security.IdentityVerification;
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

    /** The theme tokens an experience may set (the init config's names; the README's Theming section). */
    static final Set<String> THEME_TOKENS = Set.of("primary", "onPrimary", "surface", "text", "fontFamily", "fontSize",
            "radius", "panelWidth", "panelHeight", "launcherSize", "offsetX", "offsetY");

    /** A plain CSS value: no declaration or block delimiters, no escapes, no {@code !important}. */
    private static final Pattern CSS_VALUE = Pattern.compile("[^;{}<>\\\\!]{1,200}");

    @CheckedTemplate(basePath = "widget")
    static class Templates {
        static native TemplateInstance shell(WidgetShell shell);
    }

    /**
     * Interaction controls the bundle shows unless the init config switches them off ({@code voice} only where the
     * browser supports speech recognition), and the unread notices it adds ({@code sound}, {@code titleBadge}, off
     * unless the init config switches them on). One map for every experience until experiences configure their own.
     */
    static final Map<String, Boolean> FEATURES = Map.of("voice", true, "tts", false, "ttsAuto", false, "feedback",
            true, "copy", true, "sound", false, "titleBadge", false);

    @Inject
    ExperienceRegistry experiences;

    @Inject
    OriginPolicy originPolicy;

    @Inject
    SessionService sessions;

    @Inject
    MessageService messages;

    @Inject
    FeedbackService feedback;

    @Inject
    WidgetConfig config;

    @Inject
    IdentityVerification identity;

    /**
     * Builds the init answer. {@code origin} is the request's {@code Origin} header (null for server-to-server calls);
     * an experience with {@code allowedOrigins} refuses other origins, one with {@code identity} a {@code userId}
     * without its valid {@code userHash} (403).
     */
    public WidgetInitResponse init(WidgetInitRequest request, String origin) {
        Experience experience = experiences.require(request.experienceId());
        originPolicy.check(experience, origin);
        identity.check(experience, caller(request, origin));
        WidgetLabels labels = WidgetLabels.forLocale(request.locale());
        Experience.Messages configured = experience.messages();
        WidgetInitRequest.Messages overrides = request.messages();

        String theme = first(request.theme(), experience.theme() == null ? null : experience.theme().mode());
        theme = "dark".equals(theme) || "auto".equals(theme) ? theme : "light";
        String primaryColor = experience.theme() == null ? null : experience.theme().primaryColor();
        primaryColor = primaryColor != null && COLOR.matcher(primaryColor).matches() ? primaryColor : null;
        String welcome = first(overrides == null ? null : overrides.welcomeMessage(),
                configured == null ? null : configured.welcomeMessage());
        String display = first(overrides == null ? null : overrides.welcomeMessageDisplay(),
                configured == null ? null : configured.welcomeMessageDisplay());
        display = "inline".equals(display) ? "inline" : "bubble";
        String name = first(experience.name(), experience.id());
        Experience.WelcomeActions actions = overrides != null && overrides.welcomeActions() != null
                ? welcomeActions(overrides.welcomeActions())
                : configured == null ? null : configured.welcomeActions();
        List<Experience.Action> actionList = actions == null || actions.actions() == null
                ? List.of()
                : actions.actions();
        Experience.Disclaimer disclaimer = disclaimer(experience.disclaimer(), request.disclaimer());

        WidgetShell shell = new WidgetShell(name, theme, first(request.position(), "bottom-right"),
                first(request.mode(), "floating"), labels,
                first(configured == null ? null : configured.inputPlaceholder(), labels.placeholder()),
                welcome == null || welcome.isBlank() ? null : welcome, display, actionList, disclaimer);
        var publicExperience = new WidgetInitResponse.PublicExperience(experience.id(), name,
                new WidgetInitResponse.Theme(theme, primaryColor, tokens(experience.theme())),
                new WidgetInitResponse.Messages(shell.welcomeMessage(), display, actions), disclaimer, FEATURES,
                experience.newSessionOnEvent().isEmpty()
                        ? null
                        : new WidgetInitResponse.SessionRules(experience.newSessionOnEvent()),
                experience.teaser());
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
            sessions.authorize(session, caller(request, origin));
        } catch (ProblemException notThisCaller) {
            return null;
        }
        // Long conversations resume with their latest messages only, read in one query; their ratings in one more.
        List<MessageView> recent = messages.recentMessages(session.id(), config.historyLimit());
        Map<UUID, FeedbackRating> ratings = feedback.ratings(recent.stream()
                .filter(m -> m.role() == MessageRole.ASSISTANT).map(MessageView::id).toList());
        List<WidgetInitResponse.Message> shown = new ArrayList<>();
        for (MessageView m : recent) {
            FeedbackRating rating = ratings.get(m.id());
            shown.add(new WidgetInitResponse.Message(m.id().toString(), m.role().json(), m.text(), m.html(),
                    m.queryId(), m.createdAt().toString(),
                    m.actions() == null || m.actions().isEmpty() ? null : m.actions(),
                    rating == null ? null : rating.json()));
        }
        return new WidgetInitResponse.SessionSnapshot(session.id().toString(), session.status().json(),
                session.createdAt().toString(), session.metadata(), session.messageCount(), List.copyOf(shown));
    }

    /** The experience's theme tokens with a known name and a plain CSS value; others are left out. */
    static Map<String, String> tokens(Experience.Theme theme) {
        Map<String, String> kept = new TreeMap<>();
        if (theme != null && theme.tokens() != null) {
            theme.tokens().forEach((name, value) -> {
                if (THEME_TOKENS.contains(name) && value != null && CSS_VALUE.matcher(value.strip()).matches()) {
                    kept.put(name, value.strip());
                }
            });
        }
        return kept.isEmpty() ? null : kept;
    }

    private static Caller caller(WidgetInitRequest request, String origin) {
        return new Caller(request.userId(), origin, false, request.userHash());
    }

    /** The init config's welcome buttons, in the experience's shape. */
    private static Experience.WelcomeActions welcomeActions(WidgetInitRequest.WelcomeActions overrides) {
        return new Experience.WelcomeActions(overrides.actions().stream()
                .map(a -> new Experience.Action(a.id(), a.label(),
                        new Experience.ActionSpec(a.action().type(),
                                a.action().payload() == null ? Map.of() : a.action().payload()),
                        Boolean.TRUE.equals(a.oneTime()) ? Boolean.TRUE : null))
                .toList());
    }

    /** The experience's disclaimer unless the init config removes it ({@code enabled: false}) or gives another text. */
    private static Experience.Disclaimer disclaimer(Experience.Disclaimer configured,
            WidgetInitRequest.DisclaimerOverride override) {
        Experience.Disclaimer chosen = configured;
        if (override != null && Boolean.FALSE.equals(override.enabled())) {
            chosen = null;
        } else if (override != null && override.text() != null && !override.text().isBlank()) {
            chosen = new Experience.Disclaimer(override.title(), override.text(), override.acceptLabel());
        }
        // A disclaimer without words cannot be read, so it cannot be accepted either.
        if (chosen == null || chosen.text() == null || chosen.text().isBlank()) {
            return null;
        }
        return new Experience.Disclaimer(blankToNull(chosen.title()), chosen.text().strip(),
                blankToNull(chosen.acceptLabel()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }
}
