package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.MouseButton;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Links in answers (fixture links.html, experience {@code scripted}, whose answers echo the question's Markdown, so the
 * links are rendered and sanitized by the real server): custom protocols never navigate and reach their handlers with
 * parsed params, http(s) opens without opener, and script/data links injected into the page never run.
 */
@QuarkusTest
class WidgetLinksBrowserTest extends BrowserScenario {

    private Locator link(String name) {
        return page.locator("[data-nx=messages] .nx-bot").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private void askWithLinks() {
        openFixture("links");
        launcher().click();
        input().fill("Try [Tour](tour:id=123456), [Schedule](action:type=schedule&topic=demo), "
                + "[Product](product:ABC123) and [Docs](https://docs.example/start?ref=chat&lang=en)");
        input().press("Enter");
        waitForEvent("messageComplete");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> handled() {
        return (List<Map<String, Object>>) page.evaluate("() => window.__handled");
    }

    @Test
    void customProtocolLinksNeverNavigateAndCallTheirHandlerWithParsedParams() {
        askWithLinks();
        String url = page.url();
        String sessionId = (String) page.evaluate("() => widget.getSessionId()");
        // The server kept the custom links and marked them.
        assertThat(link("Tour")).hasAttribute("data-protocol", "tour:");

        link("Tour").click();
        link("Schedule").click();
        link("Product").click();

        List<Map<String, Object>> clicks = events("linkClick");
        assertThat(clicks).hasSize(3);
        clicks.forEach(c -> assertContract("linkClick", c));
        assertThat(clicks.get(0)).containsEntry("href", "tour:id=123456").containsEntry("text", "Tour")
                .containsEntry("protocol", "tour:").containsEntry("params", Map.of("id", "123456"))
                .containsEntry("sessionId", sessionId);
        assertThat(clicks.get(1)).containsEntry("href", "action:type=schedule&topic=demo")
                .containsEntry("protocol", "action:")
                .containsEntry("params", Map.of("type", "schedule", "topic", "demo"));
        assertThat(clicks.get(2)).containsEntry("href", "product:ABC123").containsEntry("protocol", "product:")
                .containsEntry("params", Map.of("value", "ABC123"));

        assertThat(handled()).containsExactly(
                Map.of("protocol", "tour:", "params", Map.of("id", "123456"), "eventType", "click", "prevented", true),
                Map.of("protocol", "action:", "params", Map.of("type", "schedule", "topic", "demo"), "eventType",
                        "click", "prevented", true),
                Map.of("protocol", "product:", "params", Map.of("value", "ABC123"), "eventType", "click",
                        "prevented", true));
        assertThat(page.url()).isEqualTo(url);
        assertThat(dialog()).isVisible();
    }

    @Test
    void customProtocolLinksHaveNoHrefSoMiddleClickNewTabOrDragCannotOpenThem() {
        askWithLinks();
        String url = page.url();
        List<Page> opened = new ArrayList<>();
        context.onPage(opened::add);
        // Defused: the scheme is kept for the widget only; the link stays a focusable link for assistive tech.
        assertThat(link("Tour")).not().hasAttribute("href", java.util.regex.Pattern.compile(".*"));
        assertThat(link("Tour")).hasAttribute("data-href", "tour:id=123456");
        assertThat(link("Tour")).hasAttribute("tabindex", "0");
        assertThat(link("Docs")).hasAttribute("href", "https://docs.example/start?ref=chat&lang=en");

        link("Tour").click(new Locator.ClickOptions().setButton(MouseButton.MIDDLE));
        link("Tour").dispatchEvent("auxclick", Map.of("button", 1));
        page.evaluate("() => widget.close()");
        waitForEvent("close");
        assertThat(opened).isEmpty();
        assertThat(page.url()).isEqualTo(url);
    }

    @Test
    void keyboardActivationOfACustomProtocolLinkFiresLinkClickLikeAClick() {
        askWithLinks();
        link("Tour").click();
        link("Tour").focus();
        page.keyboard().press("Enter");
        link("Product").focus();
        page.keyboard().press("Space");

        List<Map<String, Object>> clicks = events("linkClick");
        assertThat(clicks).hasSize(3);
        Map<String, Object> byMouse = new java.util.HashMap<>(clicks.get(0));
        Map<String, Object> byKey = new java.util.HashMap<>(clicks.get(1));
        byMouse.remove("timestamp");
        byKey.remove("timestamp");
        assertThat(byKey).isEqualTo(byMouse);
        assertContract("linkClick", clicks.get(1));
        assertThat(clicks.get(2)).containsEntry("params", Map.of("value", "ABC123"));
        assertThat(handled()).extracting(h -> h.get("eventType")).containsExactly("click", "keydown", "keydown");
        assertThat(handled()).extracting(h -> h.get("params")).containsExactly(Map.of("id", "123456"),
                Map.of("id", "123456"), Map.of("value", "ABC123"));
    }

    @Test
    void httpLinksOpenInANewTabWithoutOpenerAndFireLinkClickWithTheQueryAsParams() {
        context.route("https://docs.example/**", route -> route.fulfill(new Route.FulfillOptions()
                .setContentType("text/html").setBody("<!doctype html><title>Docs</title><p>Docs</p>")));
        askWithLinks();
        assertThat(link("Docs")).hasAttribute("rel", "noopener noreferrer");
        Page popup = page.waitForPopup(() -> link("Docs").click());
        popup.waitForLoadState();
        assertThat(popup.url()).isEqualTo("https://docs.example/start?ref=chat&lang=en");
        assertThat(popup.evaluate("() => window.opener")).isNull();
        Map<String, Object> click = waitForEvent("linkClick");
        assertThat(click).containsEntry("protocol", "https:").containsEntry("text", "Docs")
                .containsEntry("href", "https://docs.example/start?ref=chat&lang=en")
                .containsEntry("params", Map.of("ref", "chat", "lang", "en"));
        assertThat(handled()).isEmpty();
    }

    @Test
    void scriptAndDataLinksNeverRunEvenWhenInjectedPastTheServer() {
        openFixture("links");
        launcher().click();
        // The server strips such links; this page injects them into the message list itself (not via the widget)
        // to check that the widget's click handler refuses them too.
        page.evaluate(
                """
                        () => {
                          const list = document.querySelector('nexus-chat-widget').shadowRoot.querySelector('[data-nx=messages]');
                          const msg = document.createElement('div');
                          msg.className = 'nx-msg nx-bot';
                          msg.dataset.nxId = 'injected';
                          [['js', 'javascript:window.__pwned=1'], ['mixed', ' JaVaScRiPt:window.__pwned=2'],
                           ['tab', 'java\\tscript:window.__pwned=3'], ['data', 'data:text/html,<script>opener.__pwned=4</script>'],
                           ['vb', 'vbscript:msgbox(1)']].forEach(([text, href]) => {
                            const a = document.createElement('a');
                            a.href = href;
                            a.textContent = text;
                            msg.append(a, ' ');
                          });
                          list.append(msg);
                        }""");
        String url = page.url();
        List<Page> opened = new ArrayList<>();
        context.onPage(opened::add);
        for (String name : List.of("js", "mixed", "tab", "data", "vb")) {
            page.locator("[data-nx-id=injected]").getByText(name, new Locator.GetByTextOptions().setExact(true))
                    .click();
        }
        // A harmless click afterwards proves the clicks above were handled (events fire synchronously).
        page.evaluate("() => widget.close()");
        waitForEvent("close");
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(events("linkClick")).isEmpty();
        assertThat(handled()).isEmpty();
        assertThat(opened).isEmpty();
        assertThat(page.url()).isEqualTo(url);
    }

    @Test
    void aThrowingHandlerIsReportedAndBreaksNothing() {
        askWithLinks();
        page.evaluate("() => { window.__handled = null; }"); // the fixture's handler now throws (push of null)
        link("Tour").click();
        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "unknown");
        assertThat(error.get("details")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("protocol", "tour:");
        assertThat(events("linkClick")).hasSize(1);
        input().fill("still working");
        input().press("Enter");
        waitForEvent("messageComplete", 2);
    }
}
