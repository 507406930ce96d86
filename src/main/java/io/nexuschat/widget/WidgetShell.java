package io.nexuschat.widget;

import java.util.List;

import io.nexuschat.experience.Experience;

/**
 * What the shell template ({@code templates/widget/shell.html}) shows for one experience and one set of init
 * overrides. All values are already resolved (override, then experience, then default).
 *
 * @param experienceName header title and the dialog's accessible name
 * @param theme {@code light}, {@code dark} or {@code auto}
 * @param position corner of the floating widget
 * @param mode {@code floating} or {@code embedded}
 * @param t the labels in the visitor's language
 * @param placeholder placeholder of the message input
 * @param welcomeMessage welcome text, or null for none
 * @param welcomeDisplay {@code bubble} or {@code inline}
 * @param welcomeActions welcome buttons (the bundle binds them by id to their action)
 * @param disclaimer disclaimer that gates the input until accepted, or null
 */
public record WidgetShell(String experienceName, String theme, String position, String mode, WidgetLabels t,
        String placeholder, String welcomeMessage, String welcomeDisplay, List<Experience.Action> welcomeActions,
        Experience.Disclaimer disclaimer) {

    /** True for the floating mode, which has a launcher button. */
    public boolean floating() {
        return "floating".equals(mode);
    }
}
