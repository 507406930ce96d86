package io.nexuschat.answer.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app with experiences answered by a real local bot ({@link TestBot}): the bot starts first, then the app reads
 * {@code bot.json}, {@code bot-unset.json} and {@code bot-down.json} (from {@code src/test/resources/experiences/})
 * with the bot's URL filled in. Shared by the API and browser tests of the {@code http} engine, so the app starts once for both.
 */
public class BotProfile implements QuarkusTestProfile {

    /** The bot every test of this profile talks to. */
    public static TestBot bot;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resources.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // Two bot calls (a carried message) and the bot's own timeouts fit well inside one answer's time.
        return Map.of("nexus.conversation.answer-timeout", "20s");
    }

    /** Starts the bot and writes the experience files that point at it. */
    public static class Resources implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                bot = new TestBot();
                Path dir = Files.createTempDirectory("nexus-bot-experiences");
                for (String id : List.of("bot", "bot-unset", "bot-down")) {
                    String template;
                    try (InputStream in = BotProfile.class.getResourceAsStream("/experiences/" + id + ".json")) {
                        template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    Path file = dir.resolve(id + ".json");
                    Files.writeString(file, template.replace("${bot}", bot.url()));
                    file.toFile().deleteOnExit();
                }
                dir.toFile().deleteOnExit();
                return Map.of("nexus.experiences.dir", dir.toString(), "NEXUS_TEST_BOT_SECRET", TestBot.SECRET,
                        "NEXUS_TEST_BOT_TOKEN", TestBot.TOKEN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (bot != null) {
                bot.close();
            }
        }
    }
}
