package io.nexuschat.answer;

/**
 * An engine could not produce an answer (upstream failure, bad settings). Upstream failures carry a message safe to
 * show a visitor; a {@linkplain #misconfigured misconfiguration} carries a message for the operator (it names settings
 * and environment variables, never their values), which visitors never see: {@link #clientMessage()} is what they get.
 */
public class AnswerException extends RuntimeException {

    /** What a visitor is told when the experience is misconfigured. */
    public static final String UNAVAILABLE = "The assistant is not available right now; please try again later";

    private final boolean misconfiguration;

    public AnswerException(String message, Throwable cause) {
        super(message, cause);
        this.misconfiguration = false;
    }

    public AnswerException(String message) {
        this(message, false);
    }

    private AnswerException(String message, boolean misconfiguration) {
        super(message);
        this.misconfiguration = misconfiguration;
    }

    /** The experience or server is configured wrongly; {@code detail} is for the server log only. */
    public static AnswerException misconfigured(String detail) {
        return new AnswerException(detail, true);
    }

    /** True when the operator must fix the configuration; the message is then not for visitors. */
    public boolean misconfiguration() {
        return misconfiguration;
    }

    /** The message a visitor may see. */
    public String clientMessage() {
        return misconfiguration ? UNAVAILABLE : getMessage();
    }
}
