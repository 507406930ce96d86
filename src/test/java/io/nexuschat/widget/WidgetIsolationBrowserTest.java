package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/** Shadow DOM isolation from hostile host CSS, a strict CSP, embedding, and several instances on one page. */
@QuarkusTest
class WidgetIsolationBrowserTest extends BrowserScenario {

    private String computed(Locator l, String property) {
        return (String) l.evaluate("(el, p) => getComputedStyle(el).getPropertyValue(p)", property);
    }

    private void assertLooksLikeTheWidget() {
        var launcherBox = page.locator("[data-nx=launcher]").boundingBox();
        assertThat(launcherBox.width).isCloseTo(56, Offset.offset(0.5));
        assertThat(launcherBox.height).isCloseTo(56, Offset.offset(0.5));
        page.locator("[data-nx=launcher]").click();
        assertThat(dialog()).isVisible();
        var box = settled(dialog()).boundingBox();
        assertThat(box.width).isCloseTo(380, Offset.offset(1.0));
        assertThat(box.height).isCloseTo(600, Offset.offset(1.0));
        // Anchored bottom-right: 20px from the right edge, above the launcher.
        assertThat(box.x + box.width).isCloseTo(1260, Offset.offset(1.0));
        assertThat(computed(dialog(), "position")).isEqualTo("fixed");
        assertThat(computed(dialog(), "font-size")).isEqualTo("15px");
        assertThat(computed(dialog(), "font-family")).contains("system-ui").doesNotContain("Times");
        assertThat(computed(page.locator("[data-nx=launcher]"), "background-color")).isEqualTo("rgb(79, 70, 229)");
        assertThat(input()).isVisible();
        assertThat(input().boundingBox().width).isGreaterThan(250);
        assertThat(computed(input(), "font-size")).isEqualTo("15px");
        var send = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));
        assertThat(send.boundingBox().width).isCloseTo(40, Offset.offset(0.5));
        // Hidden parts stay hidden although the host says [hidden] { display: block !important }.
        assertThat(page.locator("[data-nx=error]")).isHidden();
        assertThat(page.locator("[data-nx=typing]")).isHidden();
    }

    @Test
    void hostileHostCssDoesNotReachTheWidget() {
        openFixture("hostile-css");
        waitForWidgets(1);
        assertLooksLikeTheWidget();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        waitForEvent("messageComplete");
        var answer = page.locator(".nx-bot .nx-md");
        assertThat(answer).isVisible();
        assertThat(computed(answer, "font-family")).contains("system-ui");
        assertThat(answer.boundingBox().width).isLessThan(380);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/hostile-css.png")));
    }

    @Test
    void worksUnderAStrictContentSecurityPolicyWithoutUnsafeInline() {
        var response = page.navigate(baseUrl() + "/fixtures/strict-csp.html");
        assertThat(response.headers().get("content-security-policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        waitForWidgets(1);
        assertLooksLikeTheWidget();
        // connect-src 'self' is all the stream needs; answers render without inline styles.
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        waitForEvent("messageComplete");
        assertThat(page.locator(".nx-bot .nx-md")).hasCount(1);
        assertThat(page.evaluate("() => window.__violations")).isEqualTo(List.of());
        assertThat(events("error")).isEmpty();
    }

    @Test
    void embeddedModeHasNoCloseOrMinimizeAndCloseFromCodeChangesNothing() {
        openFixture("embedded");
        waitForWidgets(1);
        assertThat(page.locator("[data-nx=close]")).hasCount(0);
        assertThat(page.locator("[data-nx=minimize]")).hasCount(0);
        assertThat(page.locator("[data-nx=maximize]")).isVisible();
        page.evaluate("() => { widget.close(); widget.minimize(); }");
        dialog().press("Escape");
        // Anything that does fire proves the calls above were handled (events fire synchronously).
        page.evaluate("() => widget.maximize()");
        waitForEvent("maximize");
        assertThat(eventNames()).containsExactly("maximize");
        assertThat(dialog()).isVisible();
        assertThat(input()).isVisible();
    }

    @Test
    void embeddedModeFillsItsContainerWithoutALauncher() {
        openFixture("embedded");
        waitForWidgets(1);
        assertThat(page.locator("[data-nx=launcher]")).hasCount(0);
        assertThat(dialog()).isVisible();
        var container = page.locator("#chat-box").boundingBox();
        var box = dialog().boundingBox();
        assertThat(box.width).isCloseTo(container.width, Offset.offset(1.0));
        assertThat(box.height).isCloseTo(container.height, Offset.offset(1.0));
        assertThat(box.x).isCloseTo(container.x, Offset.offset(1.0));
        // Overrides from init reach the server-rendered shell: dark theme, inline welcome.
        assertThat(page.locator("[data-nx=root]")).hasClass(java.util.regex.Pattern.compile("nx-dark"));
        assertThat(page.locator(".nx-welcome-inline")).containsText("Embedded hello");
        assertThat(events("open")).isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/embedded-dark.png")));
    }

    @Test
    void twoInstancesLiveSideBySideWithTheirOwnStorage() {
        openFixture("two-instances");
        waitForWidgets(2);
        assertThat(page.locator("nexus-chat-widget")).hasCount(2);
        String first = (String) page.evaluate("() => first.startNewSession()");
        assertThat(isUuid(first)).isTrue();
        assertThat(page.evaluate("() => second.getSessionId()")).isNull();
        String second = (String) page.evaluate("() => second.startNewSession()");
        assertThat(second).isNotEqualTo(first);
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) page.evaluate("() => Object.keys(localStorage).sort()");
        // Each instance keeps its own session; the remembered start-up look (`skin`) is per experience, shared.
        assertThat(keys).containsExactly("nexus-chat:demo#2:session", "nexus-chat:demo#2:started",
                "nexus-chat:demo:session", "nexus-chat:demo:skin", "nexus-chat:demo:started");
        assertThat(page.evaluate("() => JSON.parse(localStorage['nexus-chat:demo:session'])")).isEqualTo(first);
        assertThat(page.evaluate("() => JSON.parse(localStorage['nexus-chat:demo#2:session'])")).isEqualTo(second);

        // Events are per instance.
        assertThat(events().stream().filter(e -> e.get("name").equals("sessionStart")).map(e -> e.get("label")))
                .containsExactly("first", "second");
        // Opening one leaves the other alone; destroying one leaves the other working.
        page.locator("[data-nx=launcher]").click();
        assertThat(events().stream().filter(e -> e.get("name").equals("open")).map(e -> e.get("label")))
                .containsExactly("first");
        page.evaluate("() => first.destroy()");
        assertThat(page.locator("nexus-chat-widget")).hasCount(1);
        assertThat(page.locator(".nx-welcome")).containsText("Second widget here");
        page.evaluate("() => second.clearChat()");
        assertThat(page.evaluate("() => second.getSessionId()")).isNull();
    }

    @Test
    void snippetMakesSessionIdsWithoutRandomUuidAsOnPlainHttpPages() {
        // Insecure contexts (plain http on a LAN address) have no crypto.randomUUID.
        page.addInitScript("delete Crypto.prototype.randomUUID");
        openFixture("snippet-before-load");
        assertThat(page.evaluate("() => typeof crypto.randomUUID")).isEqualTo("undefined");
        String earlyId = (String) page.evaluate("() => window.earlyId");
        assertThat(earlyId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        page.evaluate("() => window.__loadBundle()");
        waitForWidgets(1);
        assertThat(waitForEvent("sessionStart")).containsEntry("sessionId", earlyId);
    }

    @Test
    void snippetQueuesCallsBeforeTheBundleLoadsAndTheBundleReplaysThem() {
        openFixture("snippet-before-load");
        String earlyId = (String) page.evaluate("() => window.earlyId");
        assertThat(isUuid(earlyId)).isTrue();
        assertThat(page.evaluate("() => window.earlyGetSessionId")).isEqualTo(earlyId);
        assertThat(page.locator("nexus-chat-widget")).hasCount(0);
        assertThat(events()).isEmpty();

        page.evaluate("() => window.__loadBundle()");
        waitForWidgets(1);
        assertThat(dialog()).isVisible();
        assertThat(waitForEvent("sessionStart")).containsEntry("sessionId", earlyId);
        waitForEvent("open");
        assertThat(eventNames()).startsWith("sessionStart", "open");
        // The unsubscribed listener never ran; the proxy now forwards to the real instance.
        assertThat(page.evaluate("() => window.removed")).isEqualTo(List.of());
        assertThat(page.evaluate("() => widget.getSessionId()")).isEqualTo(earlyId);
        page.evaluate("() => widget.close()");
        waitForEvent("close");
        assertThat(dialog()).isHidden();
        assertThat(page.evaluate("() => typeof NexusChatWidget.version")).isEqualTo("string");
    }
}
