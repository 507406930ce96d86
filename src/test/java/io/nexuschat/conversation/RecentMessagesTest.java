package io.nexuschat.conversation;

import static io.nexuschat.session.SessionResourceTest.create;
import static io.nexuschat.session.SessionResourceTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.junit.QuarkusTest;

/** The latest messages of a session, oldest first, without paging through the whole history. */
@QuarkusTest
class RecentMessagesTest {

    @Inject
    MessageService messages;

    @Test
    void recentMessagesAreTheLatestOnesOldestFirst() {
        UUID id = UUID.fromString(create(Map.of("experienceId", "scripted")).getString("id"));
        for (String text : new String[]{"one", "two", "three"}) {
            query(id.toString(), text);
        }

        assertThat(messages.recentMessages(id, 4)).extracting(MessageView::role, MessageView::text).containsExactly(
                tuple(MessageRole.USER, "two"),
                tuple(MessageRole.ASSISTANT,
                        ScriptedAnswerEngine.answerTo("two", 2)),
                tuple(MessageRole.USER, "three"),
                tuple(MessageRole.ASSISTANT,
                        ScriptedAnswerEngine.answerTo("three", 4)));
        assertThat(messages.recentMessages(id, 100)).hasSize(6).first().extracting(MessageView::text)
                .isEqualTo("one");
        assertThat(messages.recentMessages(id, 1)).singleElement().extracting(MessageView::role)
                .isEqualTo(MessageRole.ASSISTANT);
    }

    @Test
    void anUnknownSessionOrANonPositiveLimitHasNoRecentMessages() {
        UUID id = UUID.fromString(create(Map.of("experienceId", "scripted")).getString("id"));
        query(id.toString(), "hello");
        assertThat(messages.recentMessages(id, 0)).isEmpty();
        assertThat(messages.recentMessages(UUID.randomUUID(), 10)).isEmpty();
        assertThat(messages.recentMessages(UUID.fromString(create(Map.of("experienceId", "scripted")).getString("id")),
                10)).isEmpty();
    }
}
