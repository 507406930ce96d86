package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The same experience open in two tabs of one browser (two pages of one context, fixture tab-sync.html): same session
 * and messages through BroadcastChannel or, without it, storage events; nothing shared with {@code disableTabSync}.
 */
@QuarkusTest
class WidgetTabSyncBrowserTest extends BrowserScenario {

    private Page other;

    /** Opens the fixture in this tab and in a second one, both with the panel open. */
    private void openTwoTabs(String query) {
        openFixture("tab-sync" + query);
        other = context.newPage();
        watch(other);
        other.navigate(baseUrl() + "/fixtures/tab-sync.html" + query);
        for (Page p : List.of(page, other)) {
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
            assertThat(p.getByRole(AriaRole.DIALOG)).isVisible();
        }
    }

    private static void say(Page p, String text) {
        var input = p.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
        input.fill(text);
        input.press("Enter");
    }

    private static Object sessionOf(Page p) {
        return p.evaluate("() => widget.getSessionId()");
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventNamesOf(Page p) {
        return ((List<Map<String, Object>>) p.evaluate("() => window.__events")).stream()
                .map(e -> (String) e.get("name")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "?storage"})
    void twoTabsShowTheSameSessionAndMessages(String query) {
        openTwoTabs(query);
        if (!query.isEmpty()) {
            assertThat(other.evaluate("() => typeof BroadcastChannel")).isEqualTo("undefined");
        }
        say(page, "hello from the first tab");
        waitForEvent("messageComplete");
        var otherMessages = other.locator("[data-nx=messages]");
        assertThat(otherMessages.locator(".nx-user")).hasText("You: hello from the first tab");
        assertThat(otherMessages.locator(".nx-bot .nx-md")).hasText(
                "You said: hello from the first tab. History: 0 messages.");
        assertThat(sessionOf(other)).isEqualTo(sessionOf(page)).isNotNull();

        // The second tab continues the same session: the server saw the first exchange.
        say(other, "and from the second");
        assertThat(page.locator("[data-nx=messages] .nx-bot .nx-md").nth(1))
                .hasText("You said: and from the second. History: 2 messages.");
        assertThat(otherMessages.locator(".nx-msg")).hasCount(4);
        assertThat(page.locator("[data-nx=messages] .nx-msg")).hasCount(4);
        // Events fire in the tab where things happen, once: not again in the other tab.
        assertThat(eventNamesOf(other)).doesNotContain("sessionStart").containsOnlyOnce("messageComplete");

        String fresh = (String) page.evaluate("() => widget.startNewSession()");
        other.waitForFunction("id => widget.getSessionId() === id", fresh);
        assertThat(otherMessages.locator(".nx-msg")).hasCount(0);
        page.evaluate("() => widget.clearChat()");
        other.waitForFunction("() => widget.getSessionId() === null");
        assertThat(other.getByText("Welcome in every tab")).isHidden();
        fresh = (String) page.evaluate("() => widget.startNewSession()");
        other.waitForFunction("id => widget.getSessionId() === id", fresh);
        assertThat(other.getByText("Welcome in every tab")).isVisible();
    }

    @Test
    void disableTabSyncKeepsEachTabToItself() {
        openTwoTabs("?nosync");
        say(page, "only here");
        waitForEvent("messageComplete");
        say(other, "only there");
        other.waitForFunction("() => window.__events.some(e => e.name === 'messageComplete')");
        assertThat(other.locator("[data-nx=messages] .nx-user")).hasText("You: only there");
        assertThat(page.locator("[data-nx=messages] .nx-user")).hasText("You: only here");
        assertThat(sessionOf(other)).isNotEqualTo(sessionOf(page));
    }

    @Test
    void acceptingTheDisclaimerInOneTabOpensTheOtherToo() {
        openFixture("disclaimer");
        other = context.newPage();
        watch(other);
        other.navigate(baseUrl() + "/fixtures/disclaimer.html");
        other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
        var otherInput = other.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
        assertThat(otherInput).isDisabled();
        assertThat(other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I understand")))
                .isFocused();
        launcher().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I understand")).click();
        waitForEvent("disclaimerAccept");
        assertThat(otherInput).isEnabled();
        // The button that had focus there is gone: focus moves to the input, not to the page's body.
        assertThat(otherInput).isFocused();
        assertThat(eventNamesOf(other)).doesNotContain("disclaimerAccept");
    }
}
