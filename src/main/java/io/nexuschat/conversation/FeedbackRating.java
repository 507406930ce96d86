package io.nexuschat.conversation;

import io.nexuschat.common.ApiEnum;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A visitor's verdict on an answer: thumbs {@code up} or {@code down}. */
@RegisterForReflection
public enum FeedbackRating implements ApiEnum {
    UP, DOWN;

    /** Parses the API spelling; null when unknown. */
    public static FeedbackRating fromJson(String value) {
        return ApiEnum.fromJson(FeedbackRating.class, value);
    }
}
