package io.nexuschat.handover;

import io.nexuschat.common.ApiEnum;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** How urgently a visitor wants a person: {@code low}, {@code normal} (the default) or {@code high}. */
@RegisterForReflection
public enum HandoverPriority implements ApiEnum {
    LOW, NORMAL, HIGH;

    /** Parses the API spelling; null when unknown. */
    public static HandoverPriority fromJson(String value) {
        return ApiEnum.fromJson(HandoverPriority.class, value);
    }
}
