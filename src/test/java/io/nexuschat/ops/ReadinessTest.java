package io.nexuschat.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nexuschat.PrivatePostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.nexuschat.testing.Polling;

/**
 * Readiness follows the database: the app runs on a PostgreSQL server of its own, which the test stops (readiness goes
 * DOWN, naming the database and the relay backlog) and starts again (readiness comes back UP by itself). Liveness stays
 * UP throughout: a database outage is no reason to restart the process.
 */
@QuarkusTest
@TestProfile(ReadinessTest.OwnPostgres.class)
class ReadinessTest {

    /** The app on a private PostgreSQL server; short timeouts so an outage shows quickly. */
    public static class OwnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.db-kind", "postgresql", "quarkus.datasource.username", "nexus",
                    "quarkus.datasource.password", "", "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                    "quarkus.datasource.jdbc.login-timeout", "2S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    /** Starts the server before the app. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        static PrivatePostgres postgres;

        @Override
        public Map<String, String> start() {
            Path bin = PrivatePostgres.binaries().orElseThrow(() -> new IllegalStateException(
                    "ReadinessTest needs PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)"));
            try {
                postgres = PrivatePostgres.start(bin);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        }

        @Override
        public void stop() {
            try {
                postgres.close();
            } catch (Exception e) {
                // already stopped
            }
        }
    }

    @Test
    void readinessGoesDownWhileTheDatabaseIsUnreachableAndUpWhenItIsBack() throws Exception {
        assertThat(ready().getString("status")).isEqualTo("UP");
        assertThat(ready().getList("checks.name", String.class)).contains("Relay backlog");

        Server.postgres.stopServer();
        try {
            Polling.until("readiness DOWN", Duration.ofSeconds(60), () -> "DOWN".equals(ready().getString("status")));
            JsonPath down = ready();
            assertThat(down.getString("checks.find { it.name == 'Relay backlog' }.status")).isEqualTo("DOWN");
            assertThat(down.getList("checks.findAll { it.status == 'DOWN' }.name", String.class))
                    .anyMatch(name -> name.toLowerCase().contains("database"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            Server.postgres.restart();
        }
        Polling.until("readiness UP again", Duration.ofSeconds(60), () -> "UP".equals(ready().getString("status")));
    }

    private static JsonPath ready() {
        return given().get("/q/health/ready").then().extract().jsonPath();
    }
}
