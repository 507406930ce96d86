package io.nexuschat.answer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.answer.Answer;
import io.nexuschat.answer.SessionDirective;

/** The bot protocol's replies and directives, read without a server: what is accepted and what is refused. */
class BotReplyReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final BotReplyReader reader = new BotReplyReader(mapper, "bot");

    private SessionDirective directive(String json) throws IOException {
        return reader.directive(mapper.readTree(json));
    }

    private Answer read(BotReplyReader.Form form, String body, List<String> chunks) throws IOException {
        return reader.read(form, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1024, true, () -> {
        }, chunks::add);
    }

    @Test
    void directivesAreReadWithTheirDefaults() throws IOException {
        assertThat(directive("{\"action\": \"new\"}"))
                .isEqualTo(new SessionDirective(SessionDirective.Action.NEW, false, null, null));
        assertThat(directive("{\"action\": \"new\", \"carry\": true}").carried()).isTrue();
        assertThat(directive("{\"action\": \"stop\"}").stopReason()).isEqualTo(SessionDirective.StopReason.ENDED);
        assertThat(directive("{\"action\": \"stop\", \"reason\": \"resolved\", \"metadata\": {\"csat\": 5}}"))
                .isEqualTo(new SessionDirective(SessionDirective.Action.STOP, false,
                        SessionDirective.StopReason.RESOLVED, Map.of("csat", 5)));
        assertThat(directive("{}")).isNull();
        assertThat(directive("null")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\": \"pause\"}", "{\"action\": 1}", "{\"action\": \"new\", \"carry\": \"yes\"}",
            "{\"action\": \"stop\", \"carry\": true}", "{\"action\": \"new\", \"reason\": \"resolved\"}",
            "{\"action\": \"stop\", \"reason\": \"bored\"}", "{\"metadata\": [1]}", "{\"restart\": true}", "\"new\""})
    void anUnknownOrInvalidDirectiveIsRefused(String json) {
        assertThatThrownBy(() -> directive(json)).isInstanceOfSatisfying(BotFailure.class,
                f -> assertThat(f.reason()).isEqualTo(BotFailure.Reason.DIRECTIVE));
    }

    @Test
    void aStreamsAnswerIsItsChunksAndTheFinalAnswerOnlyWhenNothingStreamed() throws IOException {
        List<String> chunks = new ArrayList<>();
        Answer streamed = read(BotReplyReader.Form.NDJSON, "{\"chunk\":\"a\"}\n{\"chunk\":\"b\"}\n"
                + "{\"answer\":\"ignored\"}\n", chunks);
        assertThat(streamed.markdown()).isEqualTo("ab");
        assertThat(chunks).containsExactly("a", "b");

        chunks.clear();
        Answer whole = read(BotReplyReader.Form.SSE, "event: complete\ndata: {\"answer\":\"all at once\"}\n\n", chunks);
        assertThat(whole.markdown()).isEqualTo("all at once");
        assertThat(chunks).containsExactly("all at once");
    }

    @Test
    void aCarryingReplyPassesNoChunkOfItsWholeAnswer() throws IOException {
        List<String> chunks = new ArrayList<>();
        Answer answer = read(BotReplyReader.Form.JSON, "{\"answer\":\"One moment\",\"session\":{\"action\":\"new\","
                + "\"carry\":true}}", chunks);
        assertThat(answer.markdown()).isEmpty();
        assertThat(chunks).isEmpty();
    }

    @Test
    void invalidActionsAreDroppedAndTheOthersKept() throws IOException {
        Answer answer = read(BotReplyReader.Form.JSON, "{\"answer\":\"x\",\"actions\":["
                + "{\"id\":\"ok\",\"label\":\"OK\",\"action\":{\"type\":\"send_query\",\"payload\":{\"text\":\"hi\"}}},"
                + "{\"id\":\"bad\",\"label\":\"Bad\",\"action\":{\"type\":\"run_script\"}},"
                + "{\"label\":\"No id\",\"action\":{\"type\":\"send_query\"}}]}", new ArrayList<>());
        assertThat(answer.actions()).extracting(a -> a.id()).containsExactly("ok");
    }

    @Test
    void formsFollowTheContentType() {
        assertThat(BotReplyReader.Form.of(null)).isEqualTo(BotReplyReader.Form.JSON);
        assertThat(BotReplyReader.Form.of("application/json; charset=utf-8")).isEqualTo(BotReplyReader.Form.JSON);
        assertThat(BotReplyReader.Form.of("application/vnd.bot+json")).isEqualTo(BotReplyReader.Form.JSON);
        assertThat(BotReplyReader.Form.of("Text/Event-Stream")).isEqualTo(BotReplyReader.Form.SSE);
        assertThat(BotReplyReader.Form.of("application/x-ndjson")).isEqualTo(BotReplyReader.Form.NDJSON);
        assertThatThrownBy(() -> BotReplyReader.Form.of("text/plain")).isInstanceOfSatisfying(BotFailure.class,
                f -> assertThat(f.reason()).isEqualTo(BotFailure.Reason.MALFORMED));
    }
}
