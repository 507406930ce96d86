package io.nexuschat.experience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.ProblemException;

/** Experiences come from the application and from an operator's directory, which can add and override them. */
class ExperienceRegistryTest {

    @TempDir
    Path dir;

    private static ExperienceConfig config(List<String> builtin, Path dir) {
        return new ExperienceConfig() {
            @Override
            public List<String> builtin() {
                return builtin;
            }

            @Override
            public Optional<Path> dir() {
                return Optional.ofNullable(dir);
            }
        };
    }

    @Test
    void builtInDemoLoadsWithItsKnowledgeBaseAndDefaults() {
        ExperienceRegistry registry = new ExperienceRegistry(config(List.of("demo"), null), new ObjectMapper());
        Experience demo = registry.require("demo");
        assertThat(demo.engine()).isEqualTo("knowledge-base");
        assertThat(demo.expirationSeconds()).isEqualTo(86_400);
        assertThat(registry.knowledgeBaseFiles(demo)).isNotEmpty()
                .allSatisfy(f -> assertThat(registry.readFile(demo, f)).isPresent());
    }

    @Test
    void operatorDirectoryAddsAndOverridesExperiencesWithTheirKnowledgeBase() throws IOException {
        Files.writeString(dir.resolve("demo.json"), """
                {"id":"demo","name":"Operator demo","session":{"expirationSeconds":3600,"inactivityTimeoutSeconds":600}}
                """);
        Files.writeString(dir.resolve("support.json"), """
                {"id":"support","name":"Support","answer":{"engine":"echo"},"allowedOrigins":["https://shop.example"]}
                """);
        Files.createDirectories(dir.resolve("support/kb"));
        Files.writeString(dir.resolve("support/kb/returns.md"), "# Returns\n\n## Window\n\n30 days.\n");

        ExperienceRegistry registry = new ExperienceRegistry(config(List.of("demo"), dir), new ObjectMapper());

        assertThat(registry.all()).extracting(Experience::id).containsExactly("demo", "support");
        Experience demo = registry.require("demo");
        assertThat(demo.name()).isEqualTo("Operator demo");
        assertThat(demo.expirationSeconds()).isEqualTo(3600);
        assertThat(demo.inactivityTimeoutSeconds()).isEqualTo(600);
        Experience support = registry.require("support");
        assertThat(support.origins()).containsExactly("https://shop.example");
        assertThat(registry.knowledgeBaseFiles(support)).containsExactly("support/kb/returns.md");
        assertThat(registry.readFile(support, "support/kb/returns.md")).hasValueSatisfying(
                text -> assertThat(text).contains("30 days"));
        assertThatThrownBy(() -> registry.readFile(support, "../secret")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownOrMissingExperienceIdIsAFieldError() {
        ExperienceRegistry registry = new ExperienceRegistry(config(List.of("demo"), null), new ObjectMapper());
        assertThatThrownBy(() -> registry.require("nope")).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.toProblem("/x").errors()).singleElement()
                        .satisfies(e -> assertThat(e.field()).isEqualTo("experienceId")));
        assertThatThrownBy(() -> registry.require(" ")).isInstanceOf(ProblemException.class);
    }

    @Test
    void brokenExperienceFilesStopStartupWithAClearMessage() throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"id\":\"b\"}");
        assertThatThrownBy(() -> new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()))
                .hasMessageContaining("must be present, match the file name (a)");

        Files.writeString(dir.resolve("a.json"), "{\"id\":\"a\",\"session\":{\"expirationSeconds\":5}}");
        assertThatThrownBy(() -> new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()))
                .hasMessageContaining("expirationSeconds must be between 60 and 2592000");
    }

    @Test
    void userHashSecretEnvIsRefusedBecauseNothingEnforcesIt() throws IOException {
        Files.writeString(dir.resolve("shop.json"), """
                {"id":"shop","userHashSecretEnv":"SHOP_USER_HASH_SECRET"}
                """);
        assertThatThrownBy(() -> new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shop.json")
                .hasMessageContaining("userHashSecretEnv is not supported yet");

        Files.writeString(dir.resolve("shop.json"), "{\"id\":\"shop\"}");
        assertThat(new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()).find("shop")).isPresent();
    }

    @Test
    void anExperienceFileThatIsNotAnObjectIsRefused() throws IOException {
        Files.writeString(dir.resolve("a.json"), "[]");
        assertThatThrownBy(() -> new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()))
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void analyticsSinksAreReadAndUnknownOnesRefused() throws IOException {
        Files.writeString(dir.resolve("shop.json"), """
                {"id":"shop","analytics":{"ga4":{"measurementId":"G-1","apiSecretEnv":"SHOP_GA4"}}}
                """);
        Experience shop = new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()).find("shop").orElseThrow();
        assertThat(shop.declaredAnalytics()).containsOnlyKeys("ga4");
        assertThat(new ObjectMapper().valueToTree(shop).has("analytics")).as("never serialized out").isFalse();

        Files.writeString(dir.resolve("shop.json"), """
                {"id":"shop","analytics":{"amplitude":{"apiKeyEnv":"X"}}}
                """);
        assertThatThrownBy(() -> new ExperienceRegistry(config(List.of(), dir), new ObjectMapper()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shop.json")
                .hasMessageContaining("analytics.amplitude is not a known sink");
    }
}
