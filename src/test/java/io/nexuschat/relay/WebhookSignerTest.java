package io.nexuschat.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.nexuschat.relay.webhook.WebhookSigner;

class WebhookSignerTest {

    @Test
    void signsTheStandardWebhooksKnownAnswer() {
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreWhsecWith24RandomBytes() {
        String a = WebhookSigner.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(24);
        assertThat(WebhookSigner.valid(a)).isTrue();
        assertThat(a).isNotEqualTo(WebhookSigner.newSecret());
        assertThat(WebhookSigner.valid("sk_nope")).isFalse();
    }

    @Test
    void theTestReceiverAgreesWithTheSigner() {
        String secret = WebhookSigner.newSecret();
        String body = "{\"type\":\"x\"}";
        String signature = WebhookSigner.sign(secret, "id1", 42, body.getBytes(StandardCharsets.UTF_8));
        assertThat(new WebhookReceiver.Received("id1", "42", signature, body, 200).signedWith(secret)).isTrue();
        assertThat(new WebhookReceiver.Received("id1", "43", signature, body, 200).signedWith(secret)).isFalse();
    }
}
