package io.nexuschat.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground's notices beside the launcher: the sound and title-badge toggles reach the widget (an answer that
 * arrives with the panel closed counts on the launcher, in the title and with a tone), and "Show teaser" calls
 * {@code showTeaser()} with the form's text, delay and button — the text shown as text, focus left where it was.
 */
@QuarkusTest
class DemoPlaygroundNoticesBrowserTest extends DemoBrowser {

    private static final String TITLE = "Playground — Nexus Chat demos";

    private Locator teaser() {
        return page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Assistant"));
    }

    /** Counts the tones the widget makes (Web Audio oscillators started) in {@code window.__tones}. */
    private void countTones() {
        page.addInitScript("window.__tones = 0; const start = OscillatorNode.prototype.start;"
                + " OscillatorNode.prototype.start = function () { window.__tones++; return start.apply(this, arguments); };");
    }

    @Test
    void soundAndTitleBadgeTogglesReachTheWidgetAndAnAnswerWhileClosedIsCounted() {
        countTones();
        open("/demos/playground", 1);
        checkbox("sound for unread answers").check();
        checkbox("unread count in the tab title").check();
        assertThat(page.locator("#snippet")).containsText("sound: true");
        assertThat(page.locator("#snippet")).containsText("titleBadge: true");

        button("Close the panel and ask “Which events does the widget emit?”").click();
        assertThat(page.locator(".nx-badge")).hasText("1", SLOW_TEXT);
        assertThat(page).hasTitle("(1) " + TITLE);
        Locator launcher = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"));
        assertThat(launcher).hasAccessibleName("Open chat. New messages: 1");
        assertThat(page.evaluate("() => window.__tones")).isEqualTo(1);
        assertThat(page.locator("#unread-status")).containsText("and in the tab's title, with a short tone");
        assertAccessible(page);

        launcher.click();
        assertThat(page.locator(".nx-badge")).isHidden();
        assertThat(page).hasTitle(TITLE);
    }

    @Test
    void withoutTheTogglesTheCountStaysOnTheLauncher() {
        countTones();
        open("/demos/playground", 1);
        button("Close the panel and ask “Which events does the widget emit?”").click();
        assertThat(page.locator(".nx-badge")).hasText("1", SLOW_TEXT);
        assertThat(page).hasTitle(TITLE);
        assertThat(page.evaluate("() => window.__tones")).isEqualTo(0);
    }

    @Test
    void showTeaserShowsTheFormsTextAfterItsDelayWithoutTakingFocusAndOpensIntoTheChat() {
        open("/demos/playground", 1);
        String text = "Need help with <b>consent</b>?";
        page.getByLabel("Teaser text").fill(text);
        page.getByLabel("Delay in seconds").fill("1");
        checkbox("with a “How do I embed it?” button").check();
        assertThat(page.locator("#teaser-snippet"))
                .containsText("setTimeout(() => widget.showTeaser(\"Need help with <b>consent</b>?\", {");
        assertThat(page.locator("#teaser-snippet")).containsText("}), 1000);");

        Locator show = button("Show teaser");
        show.click();
        assertThat(page.locator("#teaser-status")).containsText("showTeaser() in 1 s");
        assertThat(teaser()).isVisible();
        assertThat(teaser().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(text))).isVisible();
        assertThat(teaser().locator("b")).hasCount(0);
        assertThat(teaser().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("How do I embed it?")))
                .isVisible();
        assertThat(show).isFocused();
        assertAccessible(page);

        teaser().getByText(text).click();
        assertThat(teaser()).hasCount(0);
        assertThat(page.locator("[data-nx=messages] .nx-msg.nx-bot").first()).containsText(text);
        assertThat(page.locator("[data-nx=messages] b")).hasCount(0);
    }
}
