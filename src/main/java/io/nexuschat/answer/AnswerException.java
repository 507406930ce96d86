package io.nexuschat.answer;

/** An engine could not produce an answer (upstream failure, bad settings). The message is safe to show a client. */
public class AnswerException extends RuntimeException {

    public AnswerException(String message, Throwable cause) {
        super(message, cause);
    }

    public AnswerException(String message) {
        super(message);
    }
}
