package io.nexuschat.relay.analytics;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** JSON encoding and the size-limiting transforms the sinks share. */
final class JsonPayloads {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPayloads() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Cuts a string to at most {@code max} characters without splitting a surrogate pair. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** A copy of {@code node} with every string (values and object keys) cut to {@code max} characters. */
    static JsonNode truncateStrings(JsonNode node, int max) {
        if (node.isTextual()) {
            return TextNode.valueOf(truncate(node.asText(), max));
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(truncate(e.getKey(), max), truncateStrings(e.getValue(), max));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(v -> out.add(truncateStrings(v, max)));
            return out;
        }
        return node;
    }

    /**
     * Builds a properties object from mapped properties.
     *
     * @param naming property-name style ({@link UnaryOperator#identity()} for camelCase)
     * @param maxString cap on every string, or 0 for none
     * @param freeForm whether integrator-defined objects are kept; when not and some existed, the
     *        {@code truncatedFlag} property is set so analysts can tell
     */
    static ObjectNode properties(List<TrackedEvent.Property> props, UnaryOperator<String> naming, int maxString,
            boolean freeForm, String truncatedFlag) {
        ObjectNode out = NODES.objectNode();
        boolean removed = false;
        for (TrackedEvent.Property p : props) {
            if (p.freeForm() && !freeForm) {
                removed = true;
                continue;
            }
            out.set(naming.apply(p.name()), maxString > 0 ? truncateStrings(p.value(), maxString) : p.value());
        }
        if (removed) {
            out.put(truncatedFlag, true);
        }
        return out;
    }
}
