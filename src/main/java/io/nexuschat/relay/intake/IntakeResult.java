package io.nexuschat.relay.intake;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of {@code POST /api/v2/events}: one entry per item of the batch, in the batch's order.
 *
 * @param accepted how many events were stored
 * @param duplicates how many had been stored before (same id): stored once
 * @param rejected how many were refused
 * @param results the verdict on each item
 */
@RegisterForReflection
public record IntakeResult(int accepted, int duplicates, int rejected, List<Item> results) {

    /** Verdicts. */
    public static final String ACCEPTED = "accepted", DUPLICATE = "duplicate", REJECTED = "rejected";

    /**
     * The verdict on one item.
     *
     * @param index its position in the batch (0-based)
     * @param id its id as sent, when it had a string id
     * @param status {@code accepted}, {@code duplicate} or {@code rejected}
     * @param reason why it was rejected, naming the field
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, String id, String status, String reason) {
    }
}
