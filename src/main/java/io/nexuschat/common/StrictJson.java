package io.nexuschat.common;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Makes the application's {@link ObjectMapper} (request bodies, experience files, stored JSON) reject JSON that
 * Jackson would otherwise coerce: a number or boolean where a string is expected, a string or float where a whole
 * number is, a number where a boolean is, content after the value, a field given twice, and numbers too large to be
 * finite ({@code 1e999}) in free-form data such as metadata. Such input is a client error; guessing what was meant
 * would store something the client did not send. {@link JsonProblems} words the resulting 400s.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // The effect of disabling MapperFeature.ALLOW_COERCION_OF_SCALARS, spelled out (that switch is deprecated and
        // leaves numbers-to-strings alone).
        for (LogicalType scalar : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        // Free-form values (Map<String, Object>) read their numbers through the deserializer registered for Number.
        mapper.registerModule(new SimpleModule("strict-json").addDeserializer(Number.class, new FiniteNumbers())
                .addDeserializer(String.class, new TextWithoutNul()));
    }

    /**
     * Jackson's own string reading, refusing the NUL character (U+0000): PostgreSQL text cannot hold it, so a
     * string field carrying one is a 400 naming the field on every database alike, not a 500 on one of them.
     */
    static final class TextWithoutNul extends StdScalarDeserializer<String> {

        TextWithoutNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                return (String) ctxt.handleWeirdStringValue(String.class, value,
                        "text may not contain the NUL character (\\u0000)");
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /** Jackson's own number reading, refusing values that overflow to infinity. */
    static final class FiniteNumbers extends StdScalarDeserializer<Number> {

        FiniteNumbers() {
            super(Number.class);
        }

        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = NumberDeserializers.NumberDeserializer.instance.deserialize(p, ctxt);
            if ((value instanceof Double d && !Double.isFinite(d))
                    || (value instanceof Float f && !Float.isFinite(f))) {
                return (Number) ctxt.handleWeirdNumberValue(Number.class, (Number) value, "not a finite number");
            }
            return (Number) value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }
}
