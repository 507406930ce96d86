package io.nexuschat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How {@code key:scope,scope} entries of {@code nexus.security.api-keys} are read, without HTTP. */
class ApiKeyScopesParsingTest {

    private static ApiKeys keys(String... entries) {
        return new ApiKeys(() -> Optional.of(List.of(entries)));
    }

    @Test
    void keyWithoutScopesKeepsFullAccessAndScopesFollowTheirKey() {
        ApiKeys keys = keys("admin", "reader:sessions:read", "events:read", "hooks:webhooks:manage");
        assertThat(keys.scopes("Bearer admin")).contains(EnumSet.allOf(ApiScope.class));
        assertThat(keys.scopes("Bearer reader")).contains(Set.of(ApiScope.SESSIONS_READ, ApiScope.EVENTS_READ));
        assertThat(keys.scopes("Bearer hooks")).contains(Set.of(ApiScope.WEBHOOKS_MANAGE));
        assertThat(keys.verify("Bearer reader")).isEqualTo(ApiKeys.Verdict.VALID);
        // The scope is not part of the key.
        assertThat(keys.verify("Bearer reader:sessions:read")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.scopes("Bearer nobody")).isEmpty();
        assertThat(keys.scopes(null)).isEmpty();
    }

    @Test
    void unknownScopeStopsStartupWithoutEchoingTheEntry() {
        assertThatThrownBy(() -> keys("ok", "s3cr3t:sessions:delete")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 2").hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("sessions:delete");
        assertThatThrownBy(() -> keys("sessions:read")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a key");
    }
}
