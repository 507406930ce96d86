package io.nexuschat.experience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** An experience's proactive {@code teaser} is read from its file, and a malformed one stops startup. */
class ExperienceTeaserTest {

    @TempDir
    Path dir;

    private ExperienceRegistry load(String teaser) throws IOException {
        Files.writeString(dir.resolve("shop.json"), "{\"id\":\"shop\",\"teaser\":" + teaser + "}");
        return new ExperienceRegistry(new ExperienceConfig() {
            @Override
            public List<String> builtin() {
                return List.of();
            }

            @Override
            public Optional<Path> dir() {
                return Optional.of(dir);
            }
        }, new ObjectMapper());
    }

    @Test
    void aTeaserIsReadWithItsDelayAndPages() throws IOException {
        Experience.Teaser t = load("{\"text\":\"Questions about pricing?\",\"delaySeconds\":8,"
                + "\"pages\":[\"/pricing\",\"/docs/**\"]}").require("shop").teaser();
        assertThat(t).isEqualTo(new Experience.Teaser("Questions about pricing?", 8, List.of("/pricing", "/docs/**")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"  \"}", "{\"delaySeconds\":5}", "{\"text\":\"Hi\",\"delaySeconds\":-1}",
            "{\"text\":\"Hi\",\"delaySeconds\":3601}", "{\"text\":\"Hi\",\"pages\":[\"\"]}"})
    void aMalformedTeaserStopsStartupNamingTheField(String teaser) {
        assertThatThrownBy(() -> load(teaser)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"teaser\" must be");
    }

    @Test
    void aTooLongTextIsRefused() {
        assertThatThrownBy(() -> load("{\"text\":\"" + "x".repeat(501) + "\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1–500 characters");
    }
}
