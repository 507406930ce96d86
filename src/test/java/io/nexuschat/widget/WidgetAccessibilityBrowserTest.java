package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;

/**
 * axe-core (WCAG 2.0/2.1 A and AA) finds nothing with the widget open, in both themes, with a conversation and every
 * answer control on screen (fixture a11y.html).
 */
@QuarkusTest
class WidgetAccessibilityBrowserTest extends BrowserScenario {

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void axeFindsNoViolationsWithTheWidgetOpen(String theme) {
        openFixture("a11y?theme=" + theme);
        launcher().click();
        assertThat(dialog()).isVisible();
        page.evaluate("() => widget.startNewSession()");
        assertThat(page.locator(".nx-welcome")).isVisible();
        // With a conversation on screen: user bubble, server-rendered answer, typing indicator gone.
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        waitForEvent("messageComplete");
        // With the answer controls in use: a rating given, the comment form offered, a copy announced, the welcome
        // buttons and the microphone on screen.
        page.locator("[data-nx=messages] .nx-bot").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Helpful").setExact(true)).click();
        waitForEvent("feedback");
        assertThat(page.locator("form.nx-comment")).isVisible();
        assertThat(page.locator("[data-nx=messages] .nx-bot [data-nx-tool=tts]")).isVisible();
        assertThat(page.locator("[data-nx=voice]")).isVisible();
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> describe(results)).isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/a11y-" + theme + ".png")));
    }

    @org.junit.jupiter.api.Test
    void rightToLeftLanguagesMirrorTheLayoutAndTranslateTheLabels() {
        openFixture("rtl");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("فتح المحادثة")).click();
        assertThat(page.locator("[data-nx=root]")).hasAttribute("dir", "rtl");
        assertThat(page.locator("[data-nx=root]")).hasAttribute("lang", "ar");
        var input = page.getByRole(com.microsoft.playwright.options.AriaRole.TEXTBOX,
                new Page.GetByRoleOptions().setName("رسالة"));
        var send = page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("إرسال"));
        // Send sits at the inline end, which is the left in right-to-left; the panel follows position bottom-left.
        assertThat(send.boundingBox().x).isLessThan(input.boundingBox().x);
        assertThat(dialog().boundingBox().x).isLessThan(30);
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> describe(results)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void reducedMotionTurnsAnimationsOff() {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(
                com.microsoft.playwright.options.ReducedMotion.REDUCE));
        openFixture("a11y");
        launcher().click();
        assertThat(dialog().evaluate("el => getComputedStyle(el).animationName")).isEqualTo("none");
        assertThat(page.locator("[data-nx=launcher]").evaluate("el => getComputedStyle(el).transitionDuration"))
                .isEqualTo("0s");
    }

    static String describe(AxeResults results) {
        StringBuilder sb = new StringBuilder();
        results.getViolations().forEach(v -> {
            sb.append(v.getId()).append(": ").append(v.getHelp()).append('\n');
            v.getNodes().forEach(n -> sb.append("  ").append(n.getTarget()).append(' ').append(n.getFailureSummary())
                    .append('\n'));
        });
        return sb.toString();
    }
}
