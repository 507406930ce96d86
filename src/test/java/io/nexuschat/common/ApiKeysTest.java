package io.nexuschat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** How an Authorization header is judged, without HTTP. */
class ApiKeysTest {

    private static ApiKeys keys(String... keys) {
        return new ApiKeys(() -> keys.length == 0 ? Optional.empty() : Optional.of(List.of(keys)));
    }

    @Test
    void acceptsAnyConfiguredKeyAsBearerToken() {
        ApiKeys keys = keys("first-key", "second-key");
        assertThat(keys.verify("Bearer first-key")).isEqualTo(ApiKeys.Verdict.VALID);
        assertThat(keys.verify("bearer second-key")).isEqualTo(ApiKeys.Verdict.VALID);
    }

    @Test
    void refusesWrongKeysOtherSchemesAndPrefixes() {
        ApiKeys keys = keys("first-key");
        assertThat(keys.verify("Bearer first-ke")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.verify("Bearer first-key-and-more")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.verify("Basic first-key")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.verify("first-key")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.verify("Bearer ")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(keys.verify(null)).isEqualTo(ApiKeys.Verdict.MISSING);
    }

    @Test
    void withoutConfiguredKeysNothingIsValid() {
        ApiKeys keys = keys();
        assertThat(keys.configured()).isFalse();
        assertThat(keys.verify("Bearer anything")).isEqualTo(ApiKeys.Verdict.NONE_CONFIGURED);
        assertThat(keys.verify(null)).isEqualTo(ApiKeys.Verdict.MISSING);
    }

    @Test
    void blankConfiguredKeysAreIgnored() {
        ApiKeys keys = keys(" ", "");
        assertThat(keys.configured()).isFalse();
        assertThat(keys.verify("Bearer  ")).isEqualTo(ApiKeys.Verdict.NONE_CONFIGURED);
    }
}
