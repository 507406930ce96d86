package io.nexuschat.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Words Jackson's failures to read a request body as short problems a client can act on. Jackson's own messages name
 * Java types, parser settings ({@code StreamReadConstraints.getMaxNestingDepth()}), value ranges of Java primitives and
 * echo the input, none of which is the client's vocabulary; so only the field and what JSON was expected are said.
 */
final class JsonProblems {

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Long.class, long.class, Integer.class, int.class,
            Short.class, short.class, Byte.class, byte.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(Double.class, double.class, Float.class, float.class,
            BigDecimal.class, Number.class);

    private static final String NOT_JSON = "The request body is not valid JSON: ";

    private JsonProblems() {
    }

    /** The problem for a body Jackson could not read. */
    static Problem of(JsonProcessingException e, String instance) {
        // Parser failures reach here as they are, or wrapped in a mapping failure that adds the field path.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return malformed("The request body exceeds a limit: " + limit(limit), instance);
            }
            if (t instanceof InputCoercionException range) {
                String field = e instanceof JsonMappingException m && !path(m).isEmpty() ? path(m) : currentName(range);
                return fieldOrBody(field, "is out of range", range, instance);
            }
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (trailingContent(mismatch)) {
                return malformed(NOT_JSON + "unexpected content after the JSON value" + at(e.getLocation()), instance);
            }
            return fieldOrBody(JsonProblems.path(mismatch), "must be " + expected(mismatch), mismatch, instance);
        }
        if (e instanceof JsonMappingException mapping) {
            return fieldOrBody(JsonProblems.path(mapping), "is not valid", mapping, instance);
        }
        if (e instanceof JsonEOFException) {
            return malformed(NOT_JSON + "it ends before the JSON value is complete" + at(e.getLocation()), instance);
        }
        if (e instanceof StreamReadException read && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate field")) {
            return fieldOrBody(currentName(read), "appears more than once", read, instance);
        }
        return malformed(NOT_JSON + "malformed JSON" + at(e.getLocation()), instance);
    }

    private static Problem fieldOrBody(String field, String message, JsonProcessingException e, String instance) {
        if (field == null || field.isEmpty()) {
            String detail = message.startsWith("must be a JSON object") || message.startsWith("must be an array")
                    ? "The request body " + message
                    : "The request body is not valid JSON for this endpoint: a value " + message + at(e.getLocation());
            return malformed(detail, instance);
        }
        return new Problem(ProblemException.typeUri("validation"), "Invalid request", 400, field + ": " + message,
                instance, List.of(new Problem.FieldError(field, message)));
    }

    private static Problem malformed(String detail, String instance) {
        return new Problem(ProblemException.typeUri("malformed-json"), "Malformed JSON", 400, detail, instance, null);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    private static String limit(StreamConstraintsException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "nesting too deep";
        }
        if (message.contains("Number value length") || message.contains("number length")) {
            return "a number is too long";
        }
        if (message.contains("String value length")) {
            return "a string is too long";
        }
        if (message.contains("Name length")) {
            return "a field name is too long";
        }
        return "the document is too large";
    }

    private static boolean trailingContent(MismatchedInputException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (e instanceof InvalidFormatException f && f.getValue() instanceof Number n
                && !Double.isFinite(n.doubleValue())) {
            return "a finite number";
        }
        if (e instanceof InvalidFormatException f && f.getValue() instanceof String s && s.indexOf(0) >= 0) {
            return "text without the NUL character (U+0000)";
        }
        if (type == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == UUID.class || type.isEnum()) {
            return "a string";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "a whole number";
        }
        if (NUMBERS.contains(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    /** The field name the parser was at, for failures that carry no path. */
    private static String currentName(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        try {
            return parser == null ? null : parser.currentName();
        } catch (java.io.IOException | RuntimeException unavailable) {
            return null;
        }
    }

    /** {@code metadata.tags[2]}: the JSON path of the failing value. */
    static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
