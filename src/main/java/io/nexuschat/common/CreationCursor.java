package io.nexuschat.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

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

    /**
     * One page of the rows of a session-scoped entity (fields {@code sessionId}, {@code createdAt}, {@code id}) in
     * creation order, after the page's cursor: up to {@code limit + 1} rows, so {@link Page#of} can tell whether more
     * follow.
     */
    public static <E> List<E> sessionPage(EntityManager em, Class<E> entity, UUID sessionId, PageRequest page) {
        CreationCursor after = page.after() == null ? null : decode(page.after());
        String jpql = "select e from " + entity.getSimpleName() + " e where e.sessionId = :sessionId"
                + (after == null ? "" : " and (e.createdAt > :at or (e.createdAt = :at and e.id > :id))")
                + " order by e.createdAt, e.id";
        TypedQuery<E> query = em.createQuery(jpql, entity).setParameter("sessionId", sessionId);
        if (after != null) {
            query.setParameter("at", after.createdAt()).setParameter("id", after.id());
        }
        return query.setMaxResults(page.limit() + 1).getResultList();
    }
}
