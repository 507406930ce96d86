package io.nexuschat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Live streams are fed from the database, not from this instance's memory: events written to {@code relay_event} by
 * someone else (here plain JDBC, as another instance would) reach an open stream, including one whose sequence number
 * was taken before an event already streamed but committed after it — each exactly once.
 */
@QuarkusTest
class StreamsReadTheDatabaseTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eventsCommittedElsewhereReachTheStreamOnceEvenWhenTheyCommitOutOfOrder() throws Exception {
        try (SseStream stream = SseStream.open(base + "api/v2/events/stream?experienceId=relay-text",
                "Authorization", "Bearer test-api-key");
                Connection early = dataSource.getConnection();
                Connection late = dataSource.getConnection()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            UUID first = insert(early); // takes its seq first, commits last
            UUID second = insert(late);
            late.commit();
            assertThat(stream.nextEventId(WAIT)).as("the event committed first").isEqualTo(second.toString());
            early.commit();
            assertThat(stream.nextEventId(WAIT)).as("the event whose seq was skipped").isEqualTo(first.toString());

            try (Connection c = dataSource.getConnection()) {
                UUID third = insert(c);
                assertThat(stream.nextEventId(WAIT)).as("next: a new event, no repeat").isEqualTo(third.toString());
            }
        }
    }

    @Test
    void aStreamOfAnotherExperienceDoesNotSeeThem() throws Exception {
        try (SseStream other = SseStream.open(base + "api/v2/events/stream?experienceId=relay-hooks",
                "Authorization", "Bearer test-api-key");
                SseStream mine = SseStream.open(base + "api/v2/events/stream?experienceId=relay-text",
                        "Authorization", "Bearer test-api-key");
                Connection c = dataSource.getConnection()) {
            UUID id = insert(c);
            assertThat(mine.nextEventId(WAIT)).isEqualTo(id.toString());
            assertThat(other.nextEventIdOrNull(Duration.ofMillis(300))).isNull();
        }
    }

    private static UUID insert(Connection c) throws Exception {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement s = c.prepareStatement("insert into relay_event (id, experience_id, session_id, type, "
                + "occurred_at, created_at, data) values (?, 'relay-text', null, 'widget.open', ?, ?, '{}')")) {
            s.setObject(1, id);
            s.setObject(2, now);
            s.setObject(3, now);
            s.executeUpdate();
        }
        return id;
    }
}
