package io.nexuschat.widget;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v2/widget/init}: the experience, the session to resume, and the init config overrides that
 * change the shell. Absent overrides fall back to the experience's settings.
 *
 * @param experienceId the experience to show
 * @param sessionId the session to resume (a UUID), if any
 * @param userId the integrator's visitor id, if any
 * @param locale BCP 47 language tag of the labels
 * @param theme {@code light} or {@code dark}
 * @param position corner of the floating widget
 * @param mode {@code floating} or {@code embedded}
 * @param messages welcome message overrides
 */
@RegisterForReflection
public record WidgetInitRequest(
        @NotBlank @Size(max = 64) String experienceId,
        @Pattern(regexp = UUID, message = "must be a UUID") String sessionId,
        @Size(max = 256) String userId,
        @Pattern(regexp = "[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}", message = "must be a language tag such as en or de-CH") String locale,
        @Pattern(regexp = "light|dark", message = "must be light or dark") String theme,
        @Pattern(regexp = "bottom-right|bottom-left|top-right|top-left", message = "must be bottom-right, bottom-left, top-right or top-left") String position,
        @Pattern(regexp = "floating|embedded", message = "must be floating or embedded") String mode,
        @Valid Messages messages) {

    static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** The {@code messages} overrides of the init config. */
    @RegisterForReflection
    public record Messages(
            @Size(max = 2000) String welcomeMessage,
            @Pattern(regexp = "bubble|inline", message = "must be bubble or inline") String welcomeMessageDisplay) {
    }
}
