package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/** The floating widget's UI methods, buttons, focus handling and UI events (fixture basic.html). */
@QuarkusTest
class WidgetUiBrowserTest extends BrowserScenario {

    private Object evaluate(String js) {
        return page.evaluate(js);
    }

    @Test
    void launcherOpensAndClosesThePanelMovingFocusAndEmittingOpenAndClose() {
        openFixture("basic");
        launcher().click();
        assertThat(dialog()).isVisible();
        assertThat(dialog()).hasAccessibleName("Nexus Chat Assistant");
        assertThat(input()).isFocused();
        Map<String, Object> open = waitForEvent("open");
        assertContract("open", open);
        assertThat(open.get("sessionId")).isNull();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close").setExact(true)).click();
        assertThat(dialog()).isHidden();
        assertThat(launcher()).isFocused();
        assertContract("close", waitForEvent("close"));
        assertThat(launcher()).hasAttribute("aria-expanded", "false");
    }

    @Test
    void methodsOpenCloseMinimizeAndMaximizeReportThePreviousMode() {
        openFixture("basic");
        waitForWidgets(1);
        evaluate("() => widget.open()");
        assertThat(dialog()).isVisible();
        evaluate("() => widget.maximize()");
        Map<String, Object> maximize = waitForEvent("maximize");
        assertContract("maximize", maximize);
        assertThat(maximize).containsEntry("previousMode", "normal").containsEntry("mode", "maximized");
        assertThat(page.locator("[data-nx=panel]")).hasClass(java.util.regex.Pattern.compile("nx-max"));
        double width = dialog().boundingBox().width;
        assertThat(width).isGreaterThan(900);

        evaluate("() => widget.minimize()");
        Map<String, Object> minimize = waitForEvent("minimize");
        assertContract("minimize", minimize);
        assertThat(minimize).containsEntry("previousMode", "maximized").containsEntry("mode", "minimized");
        assertThat(input()).isHidden();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Nexus Chat Assistant")))
                .isVisible();

        // The minimize button of a minimized panel restores it, to the size it had.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Restore")).click();
        assertThat(waitForEvent("maximize", 2)).containsEntry("previousMode", "minimized")
                .containsEntry("mode", "maximized");
        assertThat(input()).isVisible();

        // The maximize button of a maximized panel returns to the normal size.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Exit full size")).click();
        assertThat(waitForEvent("minimize", 2)).containsEntry("previousMode", "maximized")
                .containsEntry("mode", "normal");
        assertThat(dialog().boundingBox().width).isLessThan(400);

        evaluate("() => widget.close()");
        waitForEvent("close");
        assertThat(dialog()).isHidden();
        assertThat(eventNames()).containsExactly("open", "maximize", "minimize", "maximize", "minimize", "close");
    }

    @Test
    void keyboardAloneOpensSendsAndClosesWithEscape() {
        openFixture("basic");
        waitForWidgets(1);
        page.locator("#host-button").focus();
        page.keyboard().press("Tab");
        assertThat(launcher()).isFocused();
        page.keyboard().press("Enter");
        assertThat(input()).isFocused();
        page.keyboard().press("Tab");
        // Chromium has speech recognition, so the microphone button sits between the input and Send.
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Speak your message")))
                .isFocused();
        page.keyboard().press("Tab");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"))).isFocused();
        page.keyboard().press("Escape");
        assertThat(dialog()).isHidden();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"))).isFocused();
        assertThat(eventNames()).containsExactly("open", "close");
    }

    @Test
    void typingEmitsTypingWithTextAndLengthThenTypingStopWithFinalText() {
        openFixture("basic");
        launcher().click();
        input().pressSequentially("hello");
        Map<String, Object> typing = waitForEvent("typing");
        assertContract("typing", typing);
        assertThat((String) typing.get("text")).startsWith("h");
        assertThat(typing.get("length")).isEqualTo(((String) typing.get("text")).length());
        Map<String, Object> stop = waitForEvent("typingStop");
        assertContract("typingStop", stop);
        assertThat(stop).containsEntry("finalText", "hello");
    }

    @Test
    void onReturnsAnUnsubscribeFunctionAndOffRemovesAListener() {
        openFixture("basic");
        waitForWidgets(1);
        Object counts = evaluate("""
                () => {
                  const seen = { a: 0, b: 0 };
                  const a = () => seen.a++;
                  const b = () => seen.b++;
                  const unsubscribe = widget.on('open', a);
                  widget.on('close', b);
                  widget.open(); widget.close();
                  unsubscribe();
                  widget.off('close', b);
                  widget.open(); widget.close();
                  return seen;
                }""");
        assertThat(counts).isEqualTo(Map.of("a", 1, "b", 1));
    }

    @Test
    void aThrowingListenerBreaksNeitherTheWidgetNorTheOtherListeners() {
        openFixture("basic");
        waitForWidgets(1);
        evaluate("() => widget.on('open', () => { throw new Error('integrator bug'); })");
        evaluate("() => widget.on('open', () => { window.__after = true; })");
        launcher().click();
        assertThat(dialog()).isVisible();
        assertThat(evaluate("() => window.__after")).isEqualTo(true);
        assertThat(consoleErrors).anyMatch(m -> m.contains("listener threw"));
        // Reported to the console only: no error event (no loops through user code).
        assertThat(events("error")).isEmpty();
        assertThat(input()).isFocused();
    }

    @Test
    void unknownEventNamesWarnButAreAccepted() {
        openFixture("basic");
        waitForWidgets(1);
        List<String> warnings = new java.util.ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("warning".equals(m.type())) {
                warnings.add(m.text());
            }
        });
        assertThat(evaluate("() => typeof widget.on('messageComplet', () => {})")).isEqualTo("function");
        assertThat(warnings).anyMatch(w -> w.contains("unknown event \"messageComplet\""));
    }

    @Test
    void theOnlyGlobalAddedIsNexusChatWidget() {
        openFixture("basic");
        launcher().click();
        @SuppressWarnings("unchecked")
        List<String> added = (List<String>) evaluate("""
                () => Object.getOwnPropertyNames(window)
                  .filter(n => !window.__globalsBefore.includes(n))
                  .filter(n => !['__events', '__record', 'widget', '__globalsBefore'].includes(n))""");
        assertThat(added).containsExactly("NexusChatWidget");
        assertThat(evaluate("() => typeof NexusChatWidget.version")).isEqualTo("string");
    }

    @Test
    void destroyRemovesEverythingTheInstanceAdded() {
        openFixture("basic");
        launcher().click();
        evaluate("() => widget.destroy()");
        assertThat(page.locator("nexus-chat-widget")).hasCount(0);
        // Calls after destroy are harmless no-ops, and no more events fire.
        forgetEvents();
        evaluate("() => { widget.open(); widget.sendMessage('x'); widget.clearChat(); widget.destroy(); }");
        assertThat(events()).isEmpty();
        assertThat(page.locator("nexus-chat-widget")).hasCount(0);
    }

    @Test
    void phonesGetAFullScreenPanel() {
        page.setViewportSize(390, 760);
        openFixture("basic");
        launcher().click();
        var box = settled(dialog()).boundingBox();
        assertThat(box.width).isCloseTo(390, org.assertj.core.data.Offset.offset(0.5));
        assertThat(box.height).isCloseTo(760, org.assertj.core.data.Offset.offset(0.5));
        assertThat(box.x).isCloseTo(0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(box.y).isCloseTo(0, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void invalidConfigOptionsAreIgnoredWithAWarningInsteadOfBreakingTheWidget() {
        openFixture("basic");
        waitForWidgets(1);
        List<String> warnings = new java.util.ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("warning".equals(m.type())) {
                warnings.add(m.text());
            }
        });
        page.evaluate(
                """
                        () => { window.other = __record(NexusChatWidget.init({ experienceId: 'demo', theme: 'pink',
                          position: 'middle', messages: { welcomeMessageDisplay: 'popup' }, sessionId: 'nope' }), 'other'); }""");
        waitForWidgets(2);
        assertThat(warnings).anyMatch(w -> w.contains("config.theme"));
        assertThat(warnings).anyMatch(w -> w.contains("config.position"));
        Map<String, Object> error = waitForEvent("error");
        assertThat((String) error.get("message")).contains("config.sessionId");
        assertThat(page.evaluate("() => other.getSessionId()")).isNull();
    }

    @Test
    void customProtocolLinksInAnswersNeverNavigate() {
        page.route("**/api/v2/query", route -> {
            String body = route.request().postData();
            String q = body.replaceAll(".*\"queryId\":\"([^\"]+)\".*", "$1");
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200)
                    .setContentType("text/event-stream")
                    .setBody("event: complete\ndata: {\"answer\":\"[Tour](tour:id=1)\",\"answerHtml\":"
                            + "\"<p><a href=\\\"tour:id=1\\\" data-protocol=\\\"tour:\\\">Tour</a></p>\",\"queryId\":\""
                            + q + "\"}\n\n"));
        });
        openFixture("basic");
        launcher().click();
        input().fill("tour please");
        input().press("Enter");
        waitForEvent("messageComplete");
        String url = page.url();
        page.evaluate("() => addEventListener('click', e => { window.__prevented = e.defaultPrevented; })");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Tour")).click();
        assertThat(page.evaluate("() => window.__prevented")).isEqualTo(true);
        assertThat(page.url()).isEqualTo(url);
        assertThat(dialog()).isVisible();
    }
}
