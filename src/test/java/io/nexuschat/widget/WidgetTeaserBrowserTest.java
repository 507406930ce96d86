package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The proactive teaser (fixture teaser.html, experience {@code teaser}: one second after start on pages matching
 * {@code /fixtures/teaser*}): a dismissible bubble beside the launcher that never takes focus and shows its text as
 * text; opening it opens the chat with the teaser as an assistant message; a dismissed teaser is not shown again in
 * the browser session; {@code showTeaser(text, {actions})} does the same from code.
 */
@QuarkusTest
class WidgetTeaserBrowserTest extends BrowserScenario {

    private static final String TEXT = "Questions about <b>pricing</b>? Ask me.";

    private Locator teaser() {
        return page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Assistant"));
    }

    private Locator dismiss() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dismiss"));
    }

    @Test
    void theExperienceTeaserShowsAfterItsDelayAndOpensIntoTheConversation() {
        openFixture("teaser");
        waitForWidgets(1);
        // Shown after its delay, as text (the experience's "<b>" is not markup), without taking focus.
        assertThat(teaser()).isVisible();
        assertThat(teaser().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(TEXT))).isVisible();
        assertThat(teaser().locator("b")).hasCount(0);
        assertThat(page.evaluate("() => document.activeElement === document.body")).isEqualTo(true);
        assertThat(page.locator("[data-nx=root] > [role=status]")).hasText("Assistant: " + TEXT);
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();

        teaser().getByText(TEXT).click();
        assertThat(dialog()).isVisible();
        assertThat(teaser()).hasCount(0);
        Locator message = page.locator("[data-nx=messages] .nx-msg.nx-bot");
        assertThat(message).hasCount(1);
        assertThat(message).containsText(TEXT);
        assertThat(events("open")).hasSize(1);
        assertThat(events("messageComplete")).as("a teaser is no answer").isEmpty();

        // Opened counts as seen: not shown again in this browser session.
        page.reload();
        waitForWidgets(1);
        page.evaluate("t => widget.showTeaser(t)", TEXT);
        assertThat(teaser()).hasCount(0);
    }

    @Test
    void aDismissedTeaserIsNotShownAgainInTheSession() {
        openFixture("teaser");
        waitForWidgets(1);
        assertThat(teaser()).isVisible();
        dismiss().focus();
        dismiss().press("Enter");
        assertThat(teaser()).hasCount(0);
        // Focus leaves the removed teaser for the launcher.
        assertThat(launcher()).isFocused();
        assertThat(dialog()).isHidden();

        page.reload();
        waitForWidgets(1);
        page.evaluate("t => widget.showTeaser(t)", TEXT);
        assertThat(teaser()).hasCount(0);
        page.evaluate("() => widget.showTeaser('Something else?')");
        assertThat(teaser()).isVisible();

        // Another browser session sees it again.
        Page other = context.browser().newContext().newPage();
        try {
            other.navigate(baseUrl() + "/fixtures/teaser.html");
            assertThat(other.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Assistant")))
                    .isVisible();
        } finally {
            other.context().close();
        }
    }

    @Test
    void showTeaserWithAnActionOpensTheChatAndRunsIt() {
        openFixture("notices?experience=demo");
        page.evaluate("""
                () => widget.showTeaser('Need help with the setup?', {actions: [{id: 'ask-embed',
                  label: 'How do I embed it?',
                  action: {type: 'send_query', payload: {text: 'How do I embed the widget?'}}}]})""");
        assertThat(teaser()).isVisible();
        assertThat(teaser()).containsText("Need help with the setup?");
        teaser().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("How do I embed it?")).click();
        Map<String, Object> start = waitForEvent("messageStart");
        assertThat(start).containsEntry("message", "How do I embed the widget?");
        assertThat(dialog()).isVisible();
        assertThat(page.locator("[data-nx=messages] .nx-msg.nx-bot").first()).containsText("Need help with the setup?");
        waitForEvent("messageComplete");
    }

    @Test
    void withoutConsentADismissalIsRememberedInMemoryOnly() {
        openFixture("teaser?consent");
        waitForWidgets(1);
        // Escape anywhere in the teaser dismisses it.
        teaser().getByText(TEXT).press("Escape");
        assertThat(teaser()).hasCount(0);
        assertThat(page.evaluate("() => sessionStorage.length + localStorage.length")).isEqualTo(0);
        page.evaluate("t => widget.showTeaser(t)", TEXT);
        // Remembered for the page's life.
        assertThat(teaser()).hasCount(0);
    }
}
