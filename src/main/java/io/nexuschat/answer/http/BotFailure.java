package io.nexuschat.answer.http;

import java.util.Locale;

import io.nexuschat.answer.AnswerException;

/**
 * The bot did not give a usable answer. Visitors only ever see {@link AnswerException#UNAVAILABLE}; {@link #detail()}
 * says what went wrong, for the server log, and {@link #reason()} counts it in {@code nexus.bot.failures}.
 */
final class BotFailure extends AnswerException {

    /** Why the bot's answer was not usable: the {@code reason} tag of {@code nexus.bot.failures}. */
    enum Reason {
        /** No response, or the stream went quiet, within {@code timeout}. */
        TIMEOUT,
        /** The bot could not be reached, or the connection broke. */
        UNREACHABLE,
        /** The bot answered with a status other than 2xx. */
        STATUS,
        /** The reply is not the protocol: invalid JSON, a missing {@code answer}, an unknown content type. */
        MALFORMED,
        /** The {@code session} directive is unknown or invalid. */
        DIRECTIVE,
        /** The reply is larger than {@code maxResponseBytes}. */
        TOO_LARGE,
        /** A streamed reply ended before its final object. */
        ENDED_EARLY,
        /** The experience's {@code answer.settings} are wrong (url, secret, headers). */
        MISCONFIGURED;

        /** The metric tag value, e.g. {@code too_large}. */
        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final String detail;

    BotFailure(Reason reason, String detail) {
        super(UNAVAILABLE);
        this.reason = reason;
        this.detail = detail;
    }

    BotFailure(Reason reason, String detail, Throwable cause) {
        super(UNAVAILABLE, cause);
        this.reason = reason;
        this.detail = detail;
    }

    Reason reason() {
        return reason;
    }

    /** What went wrong, for the log: never shown to visitors. */
    String detail() {
        return detail;
    }
}
