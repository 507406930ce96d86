package io.nexuschat.common;

import java.util.List;
import java.util.function.Function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a cursor-paginated list.
 *
 * @param items the items of this page, in the list's order
 * @param nextCursor pass as {@code after} to get the next page; null when this is the last page
 */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page made of {@code rows}, fetched with one row more than {@code limit} so that row tells whether another
     * page follows.
     *
     * @param view what the API shows of a row
     * @param cursor the cursor of a row: the next page starts after it
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, String> cursor) {
        boolean more = rows.size() > limit;
        List<R> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items.stream().map(view).toList(), more ? cursor.apply(items.getLast()) : null);
    }
}
