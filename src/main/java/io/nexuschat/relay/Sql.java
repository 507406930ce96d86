package io.nexuschat.relay;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC conventions of the relay tables: instants as {@code timestamp with time zone} in UTC, on H2 and PostgreSQL. */
public final class Sql {

    private Sql() {
    }

    /** Binds parameters in order; an {@link Instant} becomes a UTC {@link OffsetDateTime}. */
    public static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i] instanceof Instant instant ? at(instant) : params[i]);
        }
    }

    /** An instant as a UTC {@link OffsetDateTime}, for a {@code timestamp with time zone} parameter. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Reads a {@code timestamp with time zone} column; null stays null. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
