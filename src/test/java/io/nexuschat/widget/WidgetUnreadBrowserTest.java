package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ReducedMotion;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Answers that arrive while the panel is closed or minimized (fixture notices.html): a count on the launcher, in its
 * accessible name and announced politely; cleared when the panel opens. {@code features.sound} plays a tone (never
 * under reduced motion), {@code features.titleBadge} prefixes the page's title.
 */
@QuarkusTest
class WidgetUnreadBrowserTest extends BrowserScenario {

    private Locator badge() {
        return page.locator(".nx-badge");
    }

    /** The widget's polite live region for notices (the last status element of its root). */
    private Locator announcement() {
        return page.locator("[data-nx=root] > [role=status]");
    }

    private void answerWhileAway(String question, int answers) {
        page.evaluate("q => widget.sendMessage(q)", question);
        waitForEvent("messageComplete", answers);
    }

    @Test
    void answersWhileClosedAreCountedOnTheLauncherAnnouncedAndClearedOnOpen() {
        openFixture("notices");
        waitForWidgets(1);
        assertThat(badge()).isHidden();

        answerWhileAway("How do I embed the widget?", 1);
        assertThat(badge()).hasText("1");
        assertThat(badge()).hasAttribute("aria-hidden", "true");
        Locator launcher = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"));
        assertThat(launcher).hasAccessibleName("Open chat. New messages: 1");
        assertThat(announcement()).hasText("New messages: 1");
        answerWhileAway("Which events does the widget emit?", 2);
        assertThat(badge()).hasText("2");
        assertThat(launcher).hasAccessibleName("Open chat. New messages: 2");
        assertThat(announcement()).hasText("New messages: 2");
        assertThat(page.title()).as("the title is left alone without titleBadge").isEqualTo("Unread notices");
        assertThat(page.evaluate("() => window.__tones")).as("no sound without features.sound").isEqualTo(0);

        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();

        launcher.click();
        assertThat(dialog()).isVisible();
        assertThat(badge()).isHidden();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close chat").setExact(true)))
                .isVisible();
        assertThat(announcement()).hasText("");

        // Answers the visitor sees are not counted.
        input().fill("How do I embed the widget?");
        input().press("Enter");
        waitForEvent("messageComplete", 3);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close chat").setExact(true)).click();
        assertThat(badge()).isHidden();
    }

    @Test
    void aMinimizedPanelCountsToo() {
        openFixture("notices");
        waitForWidgets(1);
        page.evaluate("() => { widget.open(); widget.minimize(); }");
        answerWhileAway("How do I embed the widget?", 1);
        assertThat(badge()).hasText("1");
        page.evaluate("() => widget.open()");
        assertThat(badge()).isHidden();
    }

    @Test
    void titleBadgeAndSoundWhenSwitchedOn() {
        openFixture("notices?sound&titleBadge");
        waitForWidgets(1);
        answerWhileAway("How do I embed the widget?", 1);
        assertThat(badge()).hasText("1");
        assertThat(page.title()).isEqualTo("(1) Unread notices");
        assertThat(page.evaluate("() => window.__tones")).isEqualTo(1);
        page.evaluate("() => widget.open()");
        assertThat(page).hasTitle("Unread notices");
    }

    @Test
    void noSoundUnderReducedMotion() {
        Page quiet = context.browser()
                .newContext(new Browser.NewContextOptions().setReducedMotion(ReducedMotion.REDUCE))
                .newPage();
        watch(quiet);
        page = quiet;
        try {
            openFixture("notices?sound");
            waitForWidgets(1);
            answerWhileAway("How do I embed the widget?", 1);
            assertThat(badge()).hasText("1");
            assertThat(page.evaluate("() => window.__tones")).isEqualTo(0);
        } finally {
            quiet.context().close();
        }
    }
}
