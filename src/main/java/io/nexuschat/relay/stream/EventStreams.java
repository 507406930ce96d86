package io.nexuschat.relay.stream;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.relay.OutboxEvent;
import io.smallrye.mutiny.Multi;

/**
 * Builds a live stream: the stored events after {@code Last-Event-ID} (when given), then every matching event as it
 * is committed. Each SSE event has the event id as {@code id}, the type as {@code event} and the webhook body
 * {@code {"type","timestamp","data"}} as {@code data}.
 */
@ApplicationScoped
public class EventStreams {

    @Inject
    LiveEvents live;

    @Inject
    ObjectMapper mapper;

    /** A stream of the events matching {@code filter}, resumed after {@code lastEventId} when it is a stored id. */
    public Multi<OutboundSseEvent> open(Sse sse, Predicate<OutboxEvent> filter, String lastEventId,
            String experienceId, UUID sessionId) {
        UUID resumeAfter = parse(lastEventId);
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            Set<UUID> replayed = new HashSet<>();
            boolean[] backlogDone = {resumeAfter == null};
            List<OutboxEvent> pending = new java.util.ArrayList<>();
            LiveEvents.Subscriber subscriber = live.subscribe(filter, event -> {
                synchronized (lock) {
                    if (!backlogDone[0]) {
                        pending.add(event);
                    } else if (!replayed.contains(event.id())) {
                        emitter.emit(event(sse, event));
                    }
                }
            }, emitter::complete);
            emitter.onTermination(() -> live.unsubscribe(subscriber));
            // A comment first, so clients (and proxies) see the stream open before the first event.
            emitter.emit(sse.newEventBuilder().comment(" live").build());
            if (resumeAfter != null) {
                List<OutboxEvent> backlog = live.after(resumeAfter, experienceId, sessionId);
                synchronized (lock) {
                    for (OutboxEvent e : backlog) {
                        replayed.add(e.id());
                        emitter.emit(event(sse, e));
                    }
                    for (OutboxEvent e : pending) {
                        if (!replayed.contains(e.id())) {
                            emitter.emit(event(sse, e));
                        }
                    }
                    pending.clear();
                    backlogDone[0] = true;
                }
            }
        });
    }

    private OutboundSseEvent event(Sse sse, OutboxEvent e) {
        try {
            String body = "{\"type\":" + mapper.writeValueAsString(e.type()) + ",\"timestamp\":"
                    + mapper.writeValueAsString(e.occurredAt().toString()) + ",\"data\":" + e.data() + "}";
            return sse.newEventBuilder().id(e.id().toString()).name(e.type()).data(body).build();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static UUID parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(lastEventId.trim());
        } catch (IllegalArgumentException e) {
            return null; // not one of ours: start live
        }
    }
}
