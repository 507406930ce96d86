package io.nexuschat.common;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a cursor-paginated list.
 *
 * @param items the items of this page, in the list's order
 * @param nextCursor pass as {@code after} to get the next page; null when this is the last page
 */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {
}
