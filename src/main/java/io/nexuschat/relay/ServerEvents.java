package io.nexuschat.relay;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nexuschat.common.AppClock;
import io.nexuschat.conversation.FeedbackEvent;
import io.nexuschat.conversation.MessageCompletedEvent;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.handover.HandoverEvent;
import io.nexuschat.session.SessionEvent;

/**
 * Turns the services' CDI events into outbox rows. The observers are synchronous and in-progress: they run inside
 * the transaction that made the change, so the event is committed exactly when the change is ({@link Outbox#append}
 * refuses to run without a transaction).
 */
@ApplicationScoped
public class ServerEvents {

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    AppClock clock;

    @Inject
    ExperienceRegistry experiences;

    void on(@Observes SessionEvent e) {
        String type = switch (e.type()) {
            case CREATED -> EventTypes.SESSION_CREATED;
            case UPDATED -> EventTypes.SESSION_UPDATED;
            case ENDED -> EventTypes.SESSION_ENDED;
            case DELETED -> EventTypes.SESSION_DELETED;
        };
        // The whole session view: id, experienceId, status, endReason (for session.ended), metadata, counts, times.
        ObjectNode data = mapper.valueToTree(e.session());
        data.put("sessionId", e.session().id().toString());
        if (e.previousEndReason() != null) {
            // session.created of a session that continues an ended one: why that one ended (e.g. "bot").
            data.put("previousEndReason", e.previousEndReason().json());
        }
        append(e.session().experienceId(), e.session().id(), type, data);
    }

    void on(@Observes MessageCompletedEvent e) {
        ObjectNode data = mapper.createObjectNode();
        data.put("experienceId", e.experienceId());
        data.put("sessionId", e.answer().sessionId().toString());
        data.put("messageId", e.answer().id().toString());
        data.put("queryId", e.answer().queryId());
        data.put("answer", e.answer().text());
        data.put("createdAt", e.answer().createdAt().toString());
        append(e.experienceId(), e.answer().sessionId(), EventTypes.MESSAGE_COMPLETED, data);
    }

    void on(@Observes FeedbackEvent e) {
        ObjectNode data = mapper.createObjectNode();
        data.put("experienceId", e.experienceId());
        data.put("sessionId", e.feedback().sessionId().toString());
        data.put("feedbackId", e.feedback().id().toString());
        data.put("messageId", e.feedback().messageId().toString());
        data.set("rating", mapper.valueToTree(e.feedback().rating()));
        if (e.feedback().comment() != null) {
            data.put("comment", e.feedback().comment());
        }
        data.put("replaced", e.replaced());
        data.put("updatedAt", e.feedback().updatedAt().toString());
        VisitorText.redact(EventTypes.FEEDBACK_SUBMITTED, data, keepsVisitorText(e.experienceId()));
        append(e.experienceId(), e.feedback().sessionId(), EventTypes.FEEDBACK_SUBMITTED, data);
    }

    void on(@Observes HandoverEvent e) {
        ObjectNode data = mapper.createObjectNode();
        data.put("experienceId", e.experienceId());
        data.put("sessionId", e.handover().sessionId().toString());
        data.put("handoverId", e.handover().id().toString());
        data.put("reason", e.handover().reason());
        data.set("priority", mapper.valueToTree(e.handover().priority()));
        data.set("metadata", mapper.valueToTree(e.handover().metadata()));
        data.put("createdAt", e.handover().createdAt().toString());
        append(e.experienceId(), e.handover().sessionId(), EventTypes.HANDOVER_REQUESTED, data);
    }

    private boolean keepsVisitorText(String experienceId) {
        return experiences.find(experienceId).map(x -> x.relayIncludesVisitorText()).orElse(false);
    }

    private void append(String experienceId, UUID sessionId, String type, ObjectNode data) {
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot serialize " + type, ex);
        }
        outbox.append(List.of(new OutboxEvent(UUID.randomUUID(), experienceId, sessionId, type, clock.now(), json)));
    }
}
