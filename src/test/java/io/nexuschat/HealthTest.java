package io.nexuschat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void healthIsUpWithDatabase() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void unknownPathIsProblemJson() {
        given().get("/api/v2/nope").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
