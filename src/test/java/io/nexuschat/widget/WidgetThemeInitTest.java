package io.nexuschat.widget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nexuschat.experience.Experience;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The theme part of {@code POST /widget/init}: {@code auto}, the shell's part names, the experience's tokens. */
@QuarkusTest
class WidgetThemeInitTest {

    private static io.restassured.response.ValidatableResponse init(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v2/widget/init").then();
    }

    @Test
    void themeAutoIsAcceptedAndMarksTheShell() {
        String shell = init(Map.of("experienceId", "demo", "theme", "auto")).statusCode(200)
                .body("experience.theme.mode", equalTo("auto"))
                .body("experience.theme.tokens", nullValue())
                .extract().path("shellHtml");
        assertThat(shell).contains("nx-auto");
    }

    @Test
    void anUnknownThemeIsAProblem() {
        init(Map.of("experienceId", "demo", "theme", "purple")).statusCode(400)
                .contentType("application/problem+json")
                .body(containsString("must be light, dark or auto"));
    }

    @Test
    void theShellNamesEveryStylablePart() {
        String shell = init(Map.of("experienceId", "demo")).statusCode(200).extract().path("shellHtml");
        for (String part : new String[]{"launcher", "panel", "header", "message message-assistant", "input", "send",
                "action"}) {
            assertThat(shell).contains("part=\"" + part + "\"");
        }
    }

    @Test
    void onlyKnownTokensWithPlainCssValuesReachTheWidget() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("fontFamily", " \"Brand Sans\", Georgia, serif ");
        tokens.put("radius", "6px");
        tokens.put("surface", "red;} :host{display:none");
        tokens.put("text", "#000 !important");
        tokens.put("zIndex", "5");
        tokens.put("offsetX", "x".repeat(201));
        assertThat(WidgetInitService.tokens(new Experience.Theme("light", "#123456", tokens)))
                .containsExactly(Map.entry("fontFamily", "\"Brand Sans\", Georgia, serif"), Map.entry("radius", "6px"));
        assertThat(WidgetInitService.tokens(new Experience.Theme("light", null, Map.of("zIndex", "1")))).isNull();
        assertThat(WidgetInitService.tokens(null)).isNull();
    }
}
