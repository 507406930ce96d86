package io.nexuschat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The database an integration test gives the packaged app it starts. With {@code -Dnexus.test.db=postgres} (failsafe
 * then sets {@code nexus.it.jdbc-url}) the app was packaged for PostgreSQL and each test gets a fresh database on that
 * server; otherwise the app embeds H2 and the test uses a file database of its own.
 */
public final class ItDatabase {

    private ItDatabase() {
    }

    /** The PostgreSQL server's URL when the suite runs on PostgreSQL. */
    public static Optional<String> postgresUrl() {
        return Optional.ofNullable(System.getProperty("nexus.it.jdbc-url")).filter(u -> !u.isBlank());
    }

    /**
     * Creates (dropping any earlier one) the PostgreSQL database {@code name} and returns the app's options for it:
     * the profile the app was built with and the datasource.
     */
    public static List<String> freshPostgres(String name) throws Exception {
        String server = postgresUrl().orElseThrow();
        String user = System.getProperty("nexus.it.jdbc-user", "nexus");
        String password = System.getProperty("nexus.it.jdbc-password", "");
        String db = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(server, user, password);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + db + " with (force)");
            s.execute("create database " + db);
        }
        String url = server.substring(0, server.lastIndexOf('/') + 1) + db;
        List<String> options = new ArrayList<>(List.of("-Dquarkus.profile=postgres", "-Dquarkus.datasource.jdbc.url="
                + url, "-Dquarkus.datasource.username=" + user));
        if (!password.isEmpty()) {
            options.add("-Dquarkus.datasource.password=" + password);
        }
        return options;
    }
}
