package io.nexuschat.answer;

import java.util.Map;
import java.util.Optional;

import io.nexuschat.experience.Experience;

/**
 * Typed, defaulted reads of an experience's {@code answer.settings}. A value of the wrong type is a configuration error
 * reported as an {@link AnswerException} naming the experience and the key (never the value: it may be a secret).
 */
public record EngineSettings(String experienceId, Map<String, Object> values) {

    public static EngineSettings of(Experience experience) {
        return new EngineSettings(experience.id(), experience.engineSettings());
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    public Optional<String> optionalString(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw invalid(key, "a string");
    }

    public double number(String key, double defaultValue) {
        return optionalNumber(key).orElse(defaultValue);
    }

    public Optional<Double> optionalNumber(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return Optional.of(n.doubleValue());
        }
        throw invalid(key, "a number");
    }

    public int integer(String key, int defaultValue, int min, int max) {
        double value = number(key, defaultValue);
        if (value != Math.rint(value) || value < min || value > max) {
            throw invalid(key, "a whole number from " + min + " to " + max);
        }
        return (int) value;
    }

    /** A JSON object setting, e.g. {@code headers}; empty when absent. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> optionalObject(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of((Map<String, Object>) map);
        }
        throw invalid(key, "an object");
    }

    /** The misconfiguration "answer.settings.{@code key} must be {@code expected}" of this experience. */
    public AnswerException invalid(String key, String expected) {
        return AnswerException.misconfigured(
                "Experience '" + experienceId + "': answer.settings." + key + " must be " + expected);
    }
}
