package io.nexuschat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which address a request is limited by: X-Forwarded-For counts only when a trusted proxy sent it. */
class ClientAddressTest {

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(none.of("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
        ClientAddress proxy = new ClientAddress(List.of("10.0.0.5"));
        assertThat(proxy.of("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
    }

    @Test
    void trustedProxyNamesTheClientItSawNotWhatTheClientClaimed() {
        ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.of("10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
        // The client sent "1.2.3.4" itself; the proxy appended the address it saw.
        assertThat(proxies.of("10.0.0.5", "1.2.3.4, 198.51.100.1")).isEqualTo("198.51.100.1");
        // Chained proxies are skipped from the right.
        assertThat(proxies.of("10.0.0.5", "198.51.100.1, 10.1.2.3")).isEqualTo("198.51.100.1");
        assertThat(proxies.of("::1", "[2001:db8::7]:443")).isEqualTo("2001:db8::7");
        assertThat(proxies.of("10.0.0.5", "not-an-address")).isEqualTo("10.0.0.5");
        assertThat(proxies.of("10.0.0.5", null)).isEqualTo("10.0.0.5");
        assertThat(proxies.of("11.0.0.5", "198.51.100.1")).isEqualTo("11.0.0.5");
    }

    @Test
    void namesAreNeverResolved() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalStateException.class);
    }
}
