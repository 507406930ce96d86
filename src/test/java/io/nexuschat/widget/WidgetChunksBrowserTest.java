package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The parts of the widget loaded only when used ({@code web/src/chunks/}): the voice chunk is fetched when the
 * microphone or read-aloud is first used (at start with {@code ttsAuto}), the interceptor chunk only by a widget
 * configured with an interceptor, never by a page that does not need them; both load under a strict CSP, also one that
 * allows scripts only by nonce and enforces Trusted Types. Speech APIs are the fakes of {@code voice-fakes.js}.
 */
@QuarkusTest
class WidgetChunksBrowserTest extends BrowserScenario {

    private final List<String> requested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordRequests() {
        page.onRequest(r -> requested.add(r.url()));
    }

    /** Requests of chunk {@code name} so far. */
    private List<String> fetched(String name) {
        return requested.stream().filter(u -> u.contains("/widget/nexus-chat-widget-" + name + ".")).toList();
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Sends a message and waits for its answer (up to 30 s: on a loaded machine one answer may take long). */
    private void ask(String text) {
        int answered = events("messageComplete").size();
        input().fill(text);
        input().press("Enter");
        page.waitForFunction("n => window.__events.filter(e => e.name === 'messageComplete').length > n", answered,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    @Test
    void theVoiceChunkIsFetchedOnlyWhenTheMicrophoneOrReadAloudIsFirstUsed() {
        openFixture("voice");
        launcher().click();
        ask("Hello");
        // Voice and read-aloud are on and supported, but nobody used them yet.
        assertThat(button("Speak your message")).isVisible();
        assertThat(fetched("voice")).isEmpty();

        button("Speak your message").click();
        waitForEvent("voiceStart");
        assertThat(fetched("voice")).hasSize(1);
        assertThat(fetched("voice").get(0)).matches(".*/widget/nexus-chat-widget-voice\\.[0-9a-f]{16}\\.js");
        page.evaluate("() => __recognition.say('read this')");
        page.evaluate("() => __recognition.finish()");
        waitForEvent("voiceEnd");
        page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Read aloud")).click();
        waitForEvent("ttsStart");
        // Loaded once per page.
        assertThat(fetched("voice")).hasSize(1);
        assertThat(events("error")).isEmpty();
    }

    @Test
    void readAloudAloneFetchesTheVoiceChunkWhenFirstPressed() {
        openFixture("voice");
        launcher().click();
        ask("Read me");
        assertThat(fetched("voice")).isEmpty();
        page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Read aloud")).click();
        assertThat(waitForEvent("ttsStart")).containsEntry("text", "You said: Read me. History: 0 messages.");
        assertThat(fetched("voice")).hasSize(1);
    }

    @Test
    void withTtsAutoTheVoiceChunkIsFetchedRightAfterStart() {
        openFixture("voice?auto");
        waitForWidgets(1);
        page.waitForCondition(() -> fetched("voice").size() == 1);
        launcher().click();
        ask("Read me automatically");
        waitForEvent("ttsStart");
        assertThat(fetched("voice")).hasSize(1);
    }

    @Test
    void pagesWithoutVoiceOrWithoutAnInterceptorNeverFetchTheirChunks() {
        openFixture("voice?none");
        launcher().click();
        ask("No speech APIs here");
        assertThat(fetched("voice")).isEmpty();

        // Default features (voice on, as far as this Chromium supports it), no interceptor.
        openFixture("feedback");
        waitForWidgets(1);
        launcher().click();
        ask("Nothing lazy needed");
        assertThat(fetched("voice")).isEmpty();
        assertThat(fetched("interceptor")).isEmpty();
        assertThat(requested).noneMatch(u -> u.contains("/widget/nexus-chat-widget-"));
    }

    @Test
    void aWidgetWithAnInterceptorFetchesItsChunkAtStartAndUsesIt() {
        openFixture("interceptor");
        waitForWidgets(1);
        page.waitForCondition(() -> fetched("interceptor").size() == 1);
        launcher().click();
        ask("hello from the page");
        assertThat(page.evaluate("() => window.__intercepted.length")).isEqualTo(1);
        assertThat(fetched("interceptor")).hasSize(1);
        assertThat(fetched("voice")).isEmpty();
    }

    @Test
    void theVoiceChunkLoadsUnderAStrictContentSecurityPolicy() {
        var response = page.navigate(baseUrl() + "/fixtures/voice-strict-csp.html");
        assertThat(response.headers().get("content-security-policy")).contains("script-src 'self';");
        speakUnderCsp();
    }

    @Test
    void theVoiceChunkLoadsWhenScriptsAreAllowedOnlyByNonceAndTrustedTypesAreEnforced() {
        var response = page.navigate(baseUrl() + "/fixtures/voice-nonce-csp.html");
        assertThat(response.headers().get("content-security-policy")).contains("script-src 'nonce-nx-fixture';")
                .contains("require-trusted-types-for 'script'");
        speakUnderCsp();
    }

    private void speakUnderCsp() {
        waitForWidgets(1);
        launcher().click();
        button("Speak your message").click();
        waitForEvent("voiceStart");
        page.evaluate("() => __recognition.say('under csp')");
        page.evaluate("() => __recognition.finish()");
        assertThat(waitForEvent("voiceEnd")).containsEntry("transcript", "under csp");
        assertThat(fetched("voice")).hasSize(1);
        assertThat(page.evaluate("() => window.__violations")).isEqualTo(List.of());
        assertThat(events("error")).isEmpty();
    }

    @Test
    void theNoticesAndFeedbackChunksLoadOnFirstUseUnderTheNoncePolicyWithTrustedTypes() {
        page.navigate(baseUrl() + "/fixtures/voice-nonce-csp.html");
        waitForWidgets(1);
        launcher().click();
        ask("Rate me under a strict policy");
        assertThat(fetched("feedback")).isEmpty();
        assertThat(fetched("notices")).isEmpty();

        // feedback: the first rating.
        page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Helpful").setExact(true)).click();
        assertThat(waitForEvent("feedback")).containsEntry("rating", "up");
        // notices: a teaser beside the launcher (styled by the chunk's own sheet).
        page.evaluate("() => widget.close()");
        page.evaluate("() => widget.showTeaser('Anything else?')");
        Locator teaser = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Assistant"));
        assertThat(teaser).isVisible();
        assertThat(teaser.evaluate("el => getComputedStyle(el).position")).isEqualTo("fixed");
        // …and the unread count on its launcher, from the same chunk.
        page.evaluate("() => widget.sendMessage('Count me')");
        waitForEvent("messageComplete", 2);
        assertThat(page.locator(".nx-badge")).hasText("1");

        assertThat(fetched("feedback")).hasSize(1);
        assertThat(fetched("notices")).hasSize(1);
        assertThat(page.evaluate("() => window.__violations")).isEqualTo(List.of());
        assertThat(events("error")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVoiceChunkThatCannotBeLoadedFiresAnErrorAndTheNextPressTriesAgain() {
        page.route("**/widget/nexus-chat-widget-voice.*", Route::abort);
        openFixture("voice");
        launcher().click();
        button("Speak your message").click();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "unknown");
        assertThat((String) error.get("message")).startsWith("Voice could not be loaded");
        assertThat((Map<String, Object>) error.get("details")).containsEntry("call", "voice");
        assertThat(events("voiceStart")).isEmpty();

        page.unroute("**/widget/nexus-chat-widget-voice.*");
        button("Speak your message").click();
        waitForEvent("voiceStart");
        assertThat(fetched("voice")).hasSize(2);
        assertThat(events("error")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInterceptorChunkThatCannotBeLoadedIsAnInterceptorErrorAndTheMessageGoesOutUnchanged() {
        page.route("**/widget/nexus-chat-widget-interceptor.*", Route::abort);
        openFixture("interceptor");
        waitForWidgets(1);
        launcher().click();
        ask("enrich this message");
        Map<String, Object> error = waitForEvent("error");
        assertThat(error).containsEntry("type", "interceptor");
        assertThat(page.evaluate("() => window.__intercepted.length")).isEqualTo(0);
        assertThat(waitForEvent("messageComplete").get("answer").toString()).contains("enrich this message")
                .doesNotContain("[page: pricing]");
    }
}
