package io.nexuschat.conversation;

/** The engine could not answer in time or at all; {@link #type()} is the error type the widget reports. */
public class AnswerFailure extends Exception {

    /** Error type of an engine failure. */
    public static final String BACKEND = "backend";
    /** Error type of an answer that took longer than {@code nexus.conversation.answer-timeout}. */
    public static final String TIMEOUT = "timeout";

    private final String type;

    public AnswerFailure(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
