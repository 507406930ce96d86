package io.nexuschat.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.nexuschat.relay.webhook.TargetGuard;

class TargetGuardTest {

    private final TargetGuard strict = new TargetGuard(false);

    @Test
    void refusesLoopbackPrivateLinkLocalAndMetadataTargets() {
        for (String url : new String[]{"http://127.0.0.1/hook", "http://localhost:8080/x", "https://10.1.2.3/",
                "http://172.16.0.1/", "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
                "http://0.0.0.0/", "http://100.64.0.1/"}) {
            assertThatThrownBy(() -> strict.check(TargetGuard.parse(url))).as(url)
                    .isInstanceOf(TargetGuard.Refused.class);
        }
    }

    @Test
    void allowsPublicAddresses() {
        assertThat(strict.check(URI.create("https://93.184.215.14/hook"))).hasSize(1);
        assertThat(strict.check(URI.create("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/"))).hasSize(1);
    }

    @Test
    void allowPrivateTargetsLetsLoopbackThrough() {
        assertThat(new TargetGuard(true).check(URI.create("http://127.0.0.1:1/"))).isNotEmpty();
    }

    @Test
    void refusesNonHttpAndMalformedUrls() {
        for (String url : new String[]{"ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/",
                "not a url", "", "/relative"}) {
            assertThatThrownBy(() -> TargetGuard.parse(url)).as(url).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
