package io.nexuschat.relay;

/** The outbox could not be read or written (a database failure, not a client error). */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
