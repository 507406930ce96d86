package io.nexuschat.common;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum the API spells in lower case ({@code HIGH} is {@code "high"}). */
public interface ApiEnum {

    /** The enum constant's name; implemented by every enum. */
    String name();

    /** The API spelling, lower case. */
    @JsonValue
    default String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API spelling of a constant of {@code type}; null when unknown. */
    static <E extends Enum<E> & ApiEnum> E fromJson(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.json().equals(value)) {
                return constant;
            }
        }
        return null;
    }
}
