package io.nexuschat.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in a list ordered by creation time, then id: the last item's {@code createdAt} and {@code id}, carried to
 * the client as an opaque {@code nextCursor}.
 */
public record CreationCursor(Instant createdAt, UUID id) {

    /** The cursor text handed to clients. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toEpochMilli() + "_" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made by {@link #encode}; anything else is a 400 naming {@code after}. */
    public static CreationCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int sep = text.indexOf('_');
            return new CreationCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, sep))),
                    UUID.fromString(text.substring(sep + 1)));
        } catch (RuntimeException e) {
            throw PageRequest.invalidCursor();
        }
    }
}
