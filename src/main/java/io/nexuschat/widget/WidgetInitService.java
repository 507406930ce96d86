package io.nexuschat.widget;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
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

    @Inject
    ExperienceRegistry experiences;

    /**
     * Builds the init answer. {@code origin} is the request's {@code Origin} header (null for server-to-server calls);
     * an experience with {@code allowedOrigins} refuses other origins.
     */
    public WidgetInitResponse init(WidgetInitRequest request, String origin) {
        Experience experience = experiences.require(request.experienceId());
        if (origin != null && !experience.origins().isEmpty() && !experience.origins().contains(origin)) {
            throw ProblemException.forbidden("Origin " + origin + " may not embed experience '" + experience.id()
                    + "'");
        }
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
        return new WidgetInitResponse(publicExperience, Templates.shell(shell).render(), labels, null);
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }
}
