package io.nexuschat.conversation;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One query's server-sent events, fed from the threads that produce them (the engine's for chunks, the query's for
 * the rest). Each event carries one JSON object in its {@code data:} line and is written as soon as it is emitted.
 * Once the client has gone, events are dropped quietly: the answer is still produced and stored.
 */
final class QueryEventStream {

    /** The comment text; written as the line {@code : ping}. */
    static final String PING = " ping";

    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;
    private final ObjectMapper mapper;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile long lastSentNanos = System.nanoTime();

    QueryEventStream(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse, ObjectMapper mapper) {
        this.emitter = emitter;
        this.sse = sse;
        this.mapper = mapper;
        emitter.onTermination(() -> open.set(false));
    }

    /** Emits one event; the emitter serializes concurrent calls, so events leave in the order they were sent. */
    void send(String name, Object payload) {
        if (!open.get()) {
            return;
        }
        try {
            // Serialized here, so the wire format is exactly Jackson's compact JSON (one line, no media-type field).
            emitter.emit(sse.newEventBuilder().name(name).data(mapper.writeValueAsString(payload)).build());
            lastSentNanos = System.nanoTime();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize SSE payload " + payload.getClass().getSimpleName(), e);
        }
    }

    /** Writes the comment line {@code : ping}: bytes on the wire that no SSE parser turns into an event. */
    void ping() {
        if (!open.get()) {
            return;
        }
        emitter.emit(sse.newEventBuilder().comment(PING).build());
        lastSentNanos = System.nanoTime();
    }

    /** Nanoseconds since anything was last written. */
    long quietNanos() {
        return System.nanoTime() - lastSentNanos;
    }

    /** Ends the stream. */
    void complete() {
        if (open.compareAndSet(true, false)) {
            emitter.complete();
        }
    }
}
