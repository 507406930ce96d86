package io.nexuschat.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The lifetime rules of one session, without a database. */
class ChatSessionTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static ChatSession session(long lifetime, Long inactivity) {
        return ChatSession.open(UUID.randomUUID(), "scripted", null, lifetime, inactivity, T0);
    }

    @Test
    void staysActiveUntilItsAbsoluteLifetimeEnds() {
        ChatSession s = session(3600, null);
        assertThat(s.expireIfDue(T0.plusSeconds(3599))).isFalse();
        assertThat(s.status).isEqualTo(SessionStatus.ACTIVE);
        assertThat(s.expireIfDue(T0.plusSeconds(3600))).isTrue();
        assertThat(s.status).isEqualTo(SessionStatus.EXPIRED);
        assertThat(s.endReason).isEqualTo(EndReason.EXPIRED);
    }

    @Test
    void endedAtIsTheDeadlineNotTheMomentExpiryWasNoticed() {
        ChatSession s = session(3600, null);
        s.expireIfDue(T0.plusSeconds(90_000));
        assertThat(s.endedAt).isEqualTo(T0.plusSeconds(3600));
        assertThat(s.updatedAt).isEqualTo(T0.plusSeconds(90_000));
    }

    @Test
    void expiresAfterInactivityAndActivityPushesTheDeadline() {
        ChatSession s = session(7200, 300L);
        s.touch(T0.plusSeconds(200));
        assertThat(s.inactivityExpiresAt).isEqualTo(T0.plusSeconds(500));
        assertThat(s.expireIfDue(T0.plusSeconds(499))).isFalse();
        assertThat(s.expireIfDue(T0.plusSeconds(500))).isTrue();
        assertThat(s.endReason).isEqualTo(EndReason.INACTIVITY);
        assertThat(s.endedAt).isEqualTo(T0.plusSeconds(500));
    }

    @Test
    void theDeadlineThatPassedFirstGivesTheReason() {
        ChatSession s = session(600, 300L);
        s.touch(T0.plusSeconds(500)); // idle deadline 800, after the absolute end at 600
        s.expireIfDue(T0.plusSeconds(10_000));
        assertThat(s.endReason).isEqualTo(EndReason.EXPIRED);
        assertThat(s.endedAt).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void completedSessionsNeverExpire() {
        ChatSession s = session(60, null);
        s.complete(EndReason.CLEARED, T0.plusSeconds(10));
        assertThat(s.expiryDue(T0.plusSeconds(1000))).isFalse();
        assertThat(s.expireIfDue(T0.plusSeconds(1000))).isFalse();
        assertThat(s.status).isEqualTo(SessionStatus.COMPLETED);
        assertThat(s.endReason).isEqualTo(EndReason.CLEARED);
        assertThat(s.endedAt).isEqualTo(T0.plusSeconds(10));
    }
}
