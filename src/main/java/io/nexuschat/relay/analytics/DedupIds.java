package io.nexuschat.relay.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Stable per-event dedup ids for services that deduplicate (Mixpanel {@code $insert_id}, Segment messageId). */
public final class DedupIds {

    /** Mixpanel's {@code $insert_id} limit: at most 36 characters of {@code [a-zA-Z0-9-]}. */
    public static final int MAX_LENGTH = 36;

    private static final Pattern USABLE = Pattern.compile("[a-zA-Z0-9-]{1,36}");

    private DedupIds() {
    }

    /**
     * The event id itself when it already fits (a UUID does, so ids stay traceable), otherwise the first 36 hex
     * characters of its SHA-256: stable across retries and replays, which is what makes them dedup keys.
     */
    public static String of(String eventId) {
        if (USABLE.matcher(eventId).matches()) {
            return eventId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, MAX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
