package io.nexuschat.widget;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nexuschat.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v2/widget/init}: the experience, the session to resume, and the init config overrides that
 * change the shell. Absent overrides fall back to the experience's settings.
 *
 * @param experienceId the experience to show
 * @param sessionId the session to resume (a UUID), if any
 * @param userId the integrator's visitor id, if any
 * @param locale BCP 47 language tag of the labels
 * @param theme {@code light}, {@code dark} or {@code auto} (follows the visitor's {@code prefers-color-scheme})
 * @param position corner of the floating widget
 * @param mode {@code floating} or {@code embedded}
 * @param messages welcome message and welcome action overrides
 * @param disclaimer disclaimer override: another text, or {@code enabled: false} for none
 * @param userHash hex HMAC-SHA256 of {@code userId} with the experience's identity secret, computed by the integrator's
 *        backend; required beside {@code userId} when the experience sets {@code identity}
 */
@RegisterForReflection
public record WidgetInitRequest(
        @NotBlank @Size(max = 64) String experienceId,
        @Pattern(regexp = UUID, message = "must be a UUID") String sessionId,
        @Size(max = 200) String userId,
        @Pattern(regexp = "[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}", message = "must be a language tag such as en or de-CH") String locale,
        @Pattern(regexp = "light|dark|auto", message = "must be light, dark or auto") String theme,
        @Pattern(regexp = "bottom-right|bottom-left|top-right|top-left", message = "must be bottom-right, bottom-left, top-right or top-left") String position,
        @Pattern(regexp = "floating|embedded", message = "must be floating or embedded") String mode,
        @Valid Messages messages,
        @Valid DisclaimerOverride disclaimer,
        @Size(max = 128) @Schema(description = Caller.USER_HASH_DOC) String userHash) {

    static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** The {@code messages} overrides of the init config; {@code welcomeActions} replaces the experience's buttons. */
    @RegisterForReflection
    public record Messages(
            @Size(max = 2000) String welcomeMessage,
            @Pattern(regexp = "bubble|inline", message = "must be bubble or inline") String welcomeMessageDisplay,
            @Valid WelcomeActions welcomeActions) {
    }

    /** {@code messages.welcomeActions}: at most 12 buttons. */
    @RegisterForReflection
    public record WelcomeActions(@NotNull @Size(max = 12) List<@NotNull @Valid Action> actions) {
    }

    /** A welcome button, validated like the bundle validates it before sending. */
    @RegisterForReflection
    public record Action(
            @NotBlank @Size(max = 64) String id,
            @NotBlank @Size(max = 100) String label,
            @NotNull @Valid ActionSpec action,
            Boolean oneTime) {
    }

    /** What a welcome button does; the payload is read by the bundle. */
    @RegisterForReflection
    public record ActionSpec(
            @NotNull @Pattern(regexp = "trigger_handover|send_query|open_url|send_event", message = "must be trigger_handover, send_query, open_url or send_event") String type,
            Map<String, Object> payload) {
    }

    /**
     * The {@code disclaimer} override: {@code enabled: false} removes the experience's disclaimer; a {@code text}
     * replaces it.
     */
    @RegisterForReflection
    public record DisclaimerOverride(
            Boolean enabled,
            @Size(max = 200) String title,
            @Size(max = 4000) String text,
            @Size(max = 60) String acceptLabel) {
    }
}
