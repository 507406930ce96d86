package io.nexuschat.conversation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored message of a session. {@code seq} (1, 2, 3 … per session) orders the history and is the page cursor. */
@Entity
@Table(name = "chat_message")
public class ChatMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(nullable = false)
    public long seq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MessageRole role;

    /** Markdown as the visitor wrote it or the engine answered it. */
    @Column(nullable = false)
    public String text;

    /** Sanitized HTML rendered from {@link #text}. */
    @Column(nullable = false)
    public String html;

    @Column(name = "query_id")
    public String queryId;

    /** JSON array of action buttons (assistant messages); null when there are none. */
    public String actions;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
