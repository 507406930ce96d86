package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Voice input and text-to-speech. Headless Chromium has no microphone and no voices, so the browser APIs are replaced
 * by deterministic fakes INSIDE THE TEST PAGE (fixture voice.html installs {@code SpeechRecognition},
 * {@code speechSynthesis} and {@code SpeechSynthesisUtterance} before the bundle loads; the test drives them). What is
 * tested is the widget's side: feature detection, the buttons, the transcript, and the events with their payloads.
 */
@QuarkusTest
class WidgetVoiceBrowserTest extends BrowserScenario {

    private Locator mic(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Map<String, Object> ask(String text) {
        input().fill(text);
        input().press("Enter");
        return waitForEvent("messageComplete");
    }

    @Test
    void theMicrophoneListensPutsTheTranscriptIntoTheInputAndFiresVoiceStartAndVoiceEnd() {
        openFixture("voice");
        launcher().click();
        mic("Speak your message").click();
        Map<String, Object> start = waitForEvent("voiceStart");
        assertContract("voiceStart", start);
        assertThat(start).containsEntry("language", "en-GB").containsKey("sessionId");
        assertThat(page.evaluate("() => ({ started: __recognition.started, lang: __recognition.lang })"))
                .isEqualTo(Map.of("started", true, "lang", "en-GB"));
        // While listening the button says how to stop.
        assertThat(mic("Stop listening")).isVisible();

        page.evaluate("() => __recognition.say('hello there')");
        assertThat(input()).hasValue("hello there");
        page.evaluate("() => __recognition.finish()");
        Map<String, Object> end = waitForEvent("voiceEnd");
        assertContract("voiceEnd", end);
        assertThat(end).containsEntry("transcript", "hello there");
        assertThat(((Number) end.get("duration")).longValue()).isNotNegative();
        assertThat(mic("Speak your message")).isVisible();
        assertThat(input()).isFocused();
        // The visitor reviews the transcript and sends it.
        input().press("Enter");
        assertThat(waitForEvent("messageStart")).containsEntry("message", "hello there");
    }

    @Test
    @SuppressWarnings("unchecked")
    void voiceInputBeforeAnyMessageOpensTheSessionVoiceStartNamesAndTheTranscriptIsSentIn() {
        openFixture("voice");
        launcher().click();
        assertThat(page.evaluate("() => widget.getSessionId()")).isNull();
        mic("Speak your message").click();
        Map<String, Object> start = waitForEvent("voiceStart");
        // sessionId is required in voiceStart: never null, and it is the session the transcript is sent in.
        assertThat(isUuid(start.get("sessionId"))).as("voiceStart.sessionId %s", start.get("sessionId")).isTrue();
        Map<String, Object> session = waitForEvent("sessionStart");
        assertThat(session).containsEntry("sessionId", start.get("sessionId"));
        assertThat((Map<String, Object>) session.get("metadata")).containsEntry("trigger", "voice");
        assertThat(eventNames()).containsSubsequence("sessionStart", "voiceStart");
        page.evaluate("() => __recognition.say('by voice')");
        page.evaluate("() => __recognition.finish()");
        waitForEvent("voiceEnd");
        input().press("Enter");
        assertThat(waitForEvent("messageStart")).containsEntry("sessionId", start.get("sessionId"));
        waitForEvent("messageComplete");
        assertThat(events("sessionStart")).hasSize(1);
    }

    @Test
    void aTranscriptIsAddedToWhatTheVisitorHadTypedNotReplacingIt() {
        openFixture("voice");
        launcher().click();
        input().fill("My order 123 ");
        mic("Speak your message").click();
        waitForEvent("voiceStart");
        page.evaluate("() => __recognition.say('has not arrived')");
        assertThat(input()).hasValue("My order 123 has not arrived");
        page.evaluate("() => __recognition.finish()");
        // The event reports what was said; the input keeps both.
        assertThat(waitForEvent("voiceEnd")).containsEntry("transcript", "has not arrived");
        assertThat(input()).hasValue("My order 123 has not arrived");
    }

    @Test
    void pressingTheMicrophoneAgainStopsListening() {
        openFixture("voice");
        launcher().click();
        mic("Speak your message").click();
        waitForEvent("voiceStart");
        page.evaluate("() => __recognition.say('half a')");
        mic("Stop listening").press("Enter");
        assertThat(page.evaluate("() => __recognition.stopped")).isEqualTo(true);
        assertThat(waitForEvent("voiceEnd")).containsEntry("transcript", "half a");
    }

    @Test
    void withoutSpeechApisTheMicrophoneAndReadAloudButtonsAreHidden() {
        openFixture("voice?none");
        launcher().click();
        assertThat(page.locator("[data-nx=voice]")).isHidden();
        ask("no voice here");
        Locator bot = page.locator("[data-nx=messages] .nx-bot");
        assertThat(bot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy"))).isVisible();
        assertThat(bot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Read aloud")))
                .hasCount(0);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void readAloudSpeaksAnAnswerAndFiresTtsStartAndTtsEnd() {
        openFixture("voice");
        launcher().click();
        Map<String, Object> complete = ask("Read this");
        assertThat(page.evaluate("() => __spoken.length")).isEqualTo(0);
        Locator read = page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Read aloud"));
        read.click();
        Map<String, Object> start = waitForEvent("ttsStart");
        assertContract("ttsStart", start);
        String text = "You said: Read this. History: 0 messages.";
        assertThat(start).containsEntry("text", text).containsEntry("messageId", complete.get("messageId"));
        assertThat(page.evaluate("() => __spoken")).isEqualTo(List.of(Map.of("text", text, "lang", "en-GB")));
        assertThat(page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Stop reading"))).isVisible();

        page.evaluate("() => __speech.finish()");
        Map<String, Object> end = waitForEvent("ttsEnd");
        assertContract("ttsEnd", end);
        assertThat(end).containsEntry("messageId", complete.get("messageId"));
        assertThat(((Number) end.get("duration")).longValue()).isNotNegative();
        assertThat(read).isVisible();
    }

    @Test
    void pressingStopReadingEndsTheSpeechOnce() {
        openFixture("voice");
        launcher().click();
        ask("Stop me");
        page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Read aloud")).click();
        waitForEvent("ttsStart");
        page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Stop reading")).click();
        waitForEvent("ttsEnd");
        page.evaluate("() => __speech.finish()");
        assertThat(events("ttsEnd")).hasSize(1);
        assertThat(events("ttsStart")).hasSize(1);
    }

    @Test
    void withTtsAutoEveryNewAnswerIsReadAloud() {
        openFixture("voice?auto");
        launcher().click();
        Map<String, Object> complete = ask("Read me automatically");
        Map<String, Object> start = waitForEvent("ttsStart");
        assertThat(start).containsEntry("text", "You said: Read me automatically. History: 0 messages.")
                .containsEntry("messageId", complete.get("messageId"));
        // A new answer interrupts the previous one (which ends first).
        ask("And this one");
        waitForEvent("ttsStart", 2);
        assertThat(eventNames()).containsSubsequence("ttsStart", "ttsEnd", "ttsStart");
    }
}
