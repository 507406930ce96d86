package io.nexuschat.common;

/** A 429 problem: the client is over a rate limit and may retry after {@link #retryAfterSeconds()}. */
public class TooManyRequests extends ProblemException {

    private final long retryAfterSeconds;

    public TooManyRequests(String detail, long retryAfterSeconds) {
        super(429, "rate-limited", "Too Many Requests", detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the limit lets a request through again (the {@code Retry-After} header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
