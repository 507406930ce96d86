package io.nexuschat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations run on both supported databases and produce the same tables and columns: H2 (the embedded
 * default) and PostgreSQL (scale-out), the latter on a private server started for this test.
 */
class MigrationPortabilityTest {

    @Test
    void migrationsApplyOnH2AndPostgresqlWithTheSameSchema() throws Exception {
        Optional<Path> bin = PrivatePostgres.binaries();
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL binaries not installed (CI installs them)");
        }
        assertThat(bin).as("PostgreSQL binaries under /usr/lib/postgresql").isPresent();

        String h2 = "jdbc:h2:mem:migrations-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        TreeMap<String, TreeSet<String>> h2Schema = migrateAndDescribe(h2, "sa", "", "PUBLIC");

        try (PrivatePostgres pg = PrivatePostgres.start(bin.get())) {
            TreeMap<String, TreeSet<String>> pgSchema = migrateAndDescribe(pg.jdbcUrl(), "nexus", "", "public");
            assertThat(pgSchema).isEqualTo(h2Schema);
        }
        assertThat(h2Schema).isNotEmpty();
    }

    private static TreeMap<String, TreeSet<String>> migrateAndDescribe(String url, String user, String password,
            String schema) throws Exception {
        Flyway flyway = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load();
        MigrateResult result = flyway.migrate();
        assertThat(result.success).as("migration on " + url).isTrue();
        TreeMap<String, TreeSet<String>> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
                ResultSet rs = c.getMetaData().getColumns(null, schema, "%", "%")) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (table.startsWith("flyway_")) {
                    continue;
                }
                tables.computeIfAbsent(table, t -> new TreeSet<>()).add(rs.getString("COLUMN_NAME")
                        .toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }
}
