package io.nexuschat.answer.http;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.answer.Answer;
import io.nexuschat.answer.SessionDirective;
import io.nexuschat.answer.http.BotFailure.Reason;
import io.nexuschat.experience.Experience;

/**
 * Reads a bot's reply in one of the three forms of the protocol, passing streamed pieces on as they arrive:
 * <ul>
 * <li>{@code application/json}: {@code {"answer": "Markdown", "actions"?: [...], "session"?: {...}}};</li>
 * <li>{@code text/event-stream}: {@code chunk} events ({@code data: {"chunk": "…"}}), then one {@code complete} event
 * whose data is the final object ({@code answer} optional);</li>
 * <li>{@code application/x-ndjson} (or {@code application/jsonl}): one JSON object per line, {@code {"chunk": "…"}}
 * lines, then the final object (a line without {@code chunk}).</li>
 * </ul>
 * In a stream the answer is the concatenation of the chunks; the final object's {@code answer} is used only when no
 * chunk came. Unknown fields of the final object and unknown SSE events are ignored (the protocol may grow); an unknown
 * {@code session} directive is not (the bot asked for something that would not happen).
 */
final class BotReplyReader {

    private static final Logger LOG = Logger.getLogger(BotReplyReader.class);
    private static final Set<String> DIRECTIVE_FIELDS = Set.of("action", "carry", "reason", "metadata");
    private static final Pattern ACTION_TYPES = Pattern.compile("trigger_handover|send_query|open_url|send_event");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final int MAX_QUOTED = 300;

    private final ObjectMapper mapper;
    private final String experienceId;

    BotReplyReader(ObjectMapper mapper, String experienceId) {
        this.mapper = mapper;
        this.experienceId = experienceId;
    }

    /** The form of a reply, by its {@code Content-Type} (JSON when absent). */
    enum Form {
        JSON, SSE, NDJSON;

        static Form of(String contentType) {
            String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return switch (type) {
                case "", "application/json" -> JSON;
                case "text/event-stream" -> SSE;
                case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                    NDJSON;
                default -> {
                    if (type.endsWith("+json")) {
                        yield JSON;
                    }
                    throw new BotFailure(Reason.MALFORMED, "unsupported Content-Type '" + quote(contentType)
                            + "' (expected application/json, text/event-stream or application/x-ndjson)");
                }
            };
        }
    }

    /**
     * Reads the whole reply. {@code onActivity} is called whenever bytes arrive (the idle timeout's heartbeat); chunks go
     * to {@code onChunk} in order.
     *
     * @param mayCarry the message may still be carried into a new session: then a reply that asks for it passes no
     *        chunk of its own whole {@code answer}, which is dropped (a carried message is not carried again, so its
     *        reply's answer always counts)
     */
    Answer read(Form form, InputStream raw, int maxBytes, boolean mayCarry, Runnable onActivity,
            Consumer<String> onChunk) throws IOException {
        InputStream body = new Limited(raw, maxBytes, onActivity);
        return switch (form) {
            case JSON -> json(body, mayCarry, onChunk);
            case SSE -> sse(body, mayCarry, onChunk);
            case NDJSON -> ndjson(body, mayCarry, onChunk);
        };
    }

    private Answer json(InputStream body, boolean mayCarry, Consumer<String> onChunk) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        JsonNode reply = parse(text);
        if (!reply.path("answer").isTextual()) {
            throw new BotFailure(Reason.MALFORMED, "the JSON reply has no string \"answer\": " + quote(text));
        }
        return finished(reply, new StringBuilder(), mayCarry, onChunk);
    }

    private Answer sse(InputStream body, boolean mayCarry, Consumer<String> onChunk) throws IOException {
        StringBuilder streamed = new StringBuilder();
        try (BufferedReader reader = reader(body)) {
            String event = "";
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        if ("chunk".equals(event)) {
                            chunk(parse(data.toString()), streamed, onChunk);
                        } else if ("complete".equals(event)) {
                            return finished(parse(data.toString()), streamed, mayCarry, onChunk);
                        }
                    }
                    event = "";
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0
                            ? ""
                            : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
                    if ("event".equals(field)) {
                        event = value;
                    } else if ("data".equals(field)) {
                        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    }
                }
            }
        }
        throw new BotFailure(Reason.ENDED_EARLY, "the event stream ended without a \"complete\" event");
    }

    private Answer ndjson(InputStream body, boolean mayCarry, Consumer<String> onChunk) throws IOException {
        StringBuilder streamed = new StringBuilder();
        try (BufferedReader reader = reader(body)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode object = parse(line);
                if (object.has("chunk")) {
                    chunk(object, streamed, onChunk);
                } else {
                    return finished(object, streamed, mayCarry, onChunk);
                }
            }
        }
        throw new BotFailure(Reason.ENDED_EARLY, "the NDJSON stream ended without its final object (a line without "
                + "\"chunk\")");
    }

    private void chunk(JsonNode event, StringBuilder streamed, Consumer<String> onChunk) {
        JsonNode chunk = event.get("chunk");
        if (chunk == null || !chunk.isTextual()) {
            throw new BotFailure(Reason.MALFORMED, "a chunk must be {\"chunk\": \"text\"}: " + quote(event.toString()));
        }
        streamed.append(chunk.asText());
        onChunk.accept(chunk.asText());
    }

    /**
     * The final object: the answer is what streamed, or its {@code answer} when nothing did (passed on as one chunk,
     * unless the directive carries the message into a new session, which drops this answer).
     */
    private Answer finished(JsonNode last, StringBuilder streamed, boolean mayCarry, Consumer<String> onChunk) {
        JsonNode answer = last.get("answer");
        if (answer != null && !answer.isNull() && !answer.isTextual()) {
            throw new BotFailure(Reason.MALFORMED, "\"answer\" must be a string: " + quote(last.toString()));
        }
        Answer complete = complete(last, streamed.toString());
        if (streamed.isEmpty() && mayCarry && complete.session() != null && complete.session().carried()) {
            return new Answer("", complete.actions(), complete.session());
        }
        if (streamed.isEmpty() && !complete.markdown().isEmpty()) {
            onChunk.accept(complete.markdown());
        }
        return complete;
    }

    /** The answer of a final object; {@code streamed} is the answer when a stream sent chunks. */
    private Answer complete(JsonNode reply, String streamed) {
        String markdown = streamed.isEmpty() && reply.path("answer").isTextual()
                ? reply.get("answer").asText()
                : streamed;
        return new Answer(markdown, actions(reply.get("actions")), directive(reply.get("session")));
    }

    /** The well-formed buttons; others are dropped with a warning (the widget would drop them too). */
    private List<Experience.Action> actions(JsonNode actions) {
        if (actions == null || actions.isNull()) {
            return List.of();
        }
        if (!actions.isArray()) {
            throw new BotFailure(Reason.MALFORMED, "\"actions\" must be an array: " + quote(actions.toString()));
        }
        List<Experience.Action> valid = new ArrayList<>();
        for (JsonNode a : actions) {
            String id = a.path("id").asText("");
            String label = a.path("label").asText("");
            JsonNode spec = a.path("action");
            JsonNode payload = spec.path("payload");
            if (!a.path("id").isTextual() || id.isEmpty() || id.length() > 64 || !a.path("label").isTextual()
                    || label.isBlank() || label.length() > 100 || !spec.path("type").isTextual()
                    || !ACTION_TYPES.matcher(spec.path("type").asText()).matches()
                    || !(payload.isMissingNode() || payload.isNull() || payload.isObject())) {
                LOG.warnf("Experience '%s': the bot sent an invalid action, dropped: %s", experienceId,
                        quote(a.toString()));
                continue;
            }
            Map<String, Object> payloadMap = payload.isObject() ? mapper.convertValue(payload, OBJECT) : Map.of();
            valid.add(new Experience.Action(id, label, new Experience.ActionSpec(spec.get("type").asText(), payloadMap),
                    a.path("oneTime").asBoolean(false) ? Boolean.TRUE : null));
        }
        return valid;
    }

    /** The {@code session} directive; null when absent or empty. */
    SessionDirective directive(JsonNode session) {
        if (session == null || session.isNull()) {
            return null;
        }
        if (!session.isObject()) {
            throw invalidDirective("\"session\" must be an object", session);
        }
        for (Iterator<String> names = session.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!DIRECTIVE_FIELDS.contains(name)) {
                throw invalidDirective("unknown directive \"" + name + "\"", session);
            }
        }
        JsonNode action = session.get("action");
        JsonNode carry = session.get("carry");
        JsonNode reason = session.get("reason");
        JsonNode metadata = session.get("metadata");
        SessionDirective.Action what = null;
        if (action != null && !action.isNull()) {
            String name = action.isTextual() ? action.asText() : "";
            what = switch (name) {
                case "new" -> SessionDirective.Action.NEW;
                case "stop" -> SessionDirective.Action.STOP;
                default -> throw invalidDirective("unknown action (expected \"new\" or \"stop\")", session);
            };
        }
        if (carry != null && (!carry.isBoolean() || what != SessionDirective.Action.NEW)) {
            throw invalidDirective("\"carry\" is true or false, with \"action\": \"new\" only", session);
        }
        SessionDirective.StopReason stopReason = null;
        if (reason != null) {
            if (what != SessionDirective.Action.STOP || !reason.isTextual()
                    || !Set.of("resolved", "ended").contains(reason.asText())) {
                throw invalidDirective("\"reason\" is \"resolved\" or \"ended\", with \"action\": \"stop\" only",
                        session);
            }
            stopReason = SessionDirective.StopReason.valueOf(reason.asText().toUpperCase(Locale.ROOT));
        } else if (what == SessionDirective.Action.STOP) {
            stopReason = SessionDirective.StopReason.ENDED;
        }
        Map<String, Object> merge = null;
        if (metadata != null) {
            if (!metadata.isObject()) {
                throw invalidDirective("\"metadata\" must be an object", session);
            }
            merge = mapper.convertValue(metadata, OBJECT);
        }
        if (what == null && merge == null) {
            return null;
        }
        return new SessionDirective(what, carry != null && carry.asBoolean(), stopReason, merge);
    }

    private static BotFailure invalidDirective(String problem, JsonNode session) {
        return new BotFailure(Reason.DIRECTIVE,
                "invalid session directive: " + problem + ": " + quote(session.toString()));
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new BotFailure(Reason.MALFORMED, "not a JSON object: " + quote(text));
    }

    private static BufferedReader reader(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    static String quote(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() <= MAX_QUOTED ? line : line.substring(0, MAX_QUOTED) + "…";
    }

    /** Counts what is read: past {@code max} bytes the reply is refused; each read is activity. */
    private static final class Limited extends FilterInputStream {

        private final long max;
        private final Runnable onActivity;
        private long count;

        Limited(InputStream in, long max, Runnable onActivity) {
            super(in);
            this.max = max;
            this.onActivity = onActivity;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            counted(n);
            return n;
        }

        private void counted(int n) {
            if (n <= 0) {
                return;
            }
            onActivity.run();
            count += n;
            if (count > max) {
                throw new BotFailure(Reason.TOO_LARGE, "the reply is larger than maxResponseBytes (" + max + " bytes)");
            }
        }
    }
}
