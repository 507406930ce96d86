package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Brand theming: the host page's {@code --nexus-*} custom properties and {@code ::part()} rules change the widget's
 * look (and beat the experience's defaults), init's theme object applies its tokens, a brand colour that fails WCAG
 * AA against its text gets readable text with one console warning, and {@code theme: 'auto'} follows the visitor's
 * colour scheme. Fixtures theme-css.html, theme-contrast.html, theme-auto.html.
 */
@QuarkusTest
class WidgetThemeBrowserTest extends BrowserScenario {

    private String css(Locator l, String property) {
        return (String) l.evaluate("(el, p) => getComputedStyle(el).getPropertyValue(p)", property);
    }

    private Locator part(String name) {
        return page.locator("[part~=" + name + "]").first();
    }

    private void converse() {
        launcher().click();
        assertThat(dialog()).isVisible();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        waitForEvent("messageComplete");
    }

    private void assertAxeClean() {
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();
    }

    @Test
    void pageCustomPropertiesAndPartRulesRestyleTheWidgetAndAxeStaysClean() {
        openFixture("theme-css");
        waitForWidgets(1);
        Locator launcher = part("launcher");
        // Tokens: colours (beating the experience's #4f46e5), size and offsets of the launcher.
        assertThat(css(launcher, "background-color")).isEqualTo("rgb(11, 93, 59)");
        assertThat(css(launcher, "color")).isEqualTo("rgb(255, 251, 230)");
        var l = launcher.boundingBox();
        assertThat(l.width).isCloseTo(64, Offset.offset(0.5));
        assertThat(1280 - (l.x + l.width)).isCloseTo(32, Offset.offset(0.5));
        assertThat(800 - (l.y + l.height)).isCloseTo(24, Offset.offset(0.5));
        // ::part(launcher)
        assertThat(css(launcher, "border-top-color")).isEqualTo("rgb(255, 200, 0)");
        assertThat(css(launcher, "border-top-width")).isEqualTo("3px");

        converse();
        Locator panel = part("panel");
        var p = settled(dialog()).boundingBox();
        assertThat(p.width).isCloseTo(420, Offset.offset(0.5));
        assertThat(p.height).isCloseTo(520, Offset.offset(0.5));
        assertThat(1280 - (p.x + p.width)).isCloseTo(32, Offset.offset(0.5));
        assertThat(css(panel, "background-color")).isEqualTo("rgb(255, 253, 245)");
        assertThat(css(panel, "color")).isEqualTo("rgb(34, 34, 34)");
        assertThat(css(panel, "border-top-left-radius")).isEqualTo("3px");
        assertThat(css(panel, "border-top-color")).isEqualTo("rgb(11, 93, 59)");
        Locator header = part("header");
        assertThat(css(header, "background-color")).isEqualTo("rgb(11, 93, 59)");
        assertThat(css(header, "letter-spacing")).isEqualTo("2px");
        // The page's font reaches every part of the shadow content, the composer's input too.
        Locator in = part("input");
        assertThat(css(in, "font-family")).startsWith("\"Brand Sans\"");
        assertThat(css(in, "font-size")).isEqualTo("17px");
        assertThat(css(in, "background-color")).isEqualTo("rgb(240, 255, 240)");
        assertThat(css(part("send"), "border-top-left-radius")).isEqualTo("50%");
        assertThat(css(part("action"), "text-transform")).isEqualTo("uppercase");
        Locator visitor = part("message-visitor");
        assertThat(css(visitor, "font-style")).isEqualTo("italic");
        assertThat(css(visitor, "letter-spacing")).isEqualTo("1px");
        assertThat(css(visitor, "background-color")).isEqualTo("rgb(11, 93, 59)");
        Locator answer = page.locator("[data-nx=messages] [part~=message-assistant]").last();
        assertThat(css(answer, "border-top-color")).isEqualTo("rgb(11, 93, 59)");
        assertThat(css(answer, "border-top-width")).isEqualTo("2px");
        assertThat(css(answer, "font-family")).startsWith("\"Brand Sans\"");
        assertAxeClean();
    }

    @Test
    void aBrandColourWithPoorContrastGetsReadableTextAndOneWarning() {
        List<String> warnings = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("warning".equals(m.type()) && m.text().contains("WCAG")) {
                warnings.add(m.text());
            }
        });
        openFixture("theme-contrast");
        waitForWidgets(1);
        Locator launcher = part("launcher");
        // The init config's theme object applies: its yellow wins over the experience's colour…
        assertThat(css(launcher, "background-color")).isEqualTo("rgb(255, 212, 0)");
        assertThat(css(part("panel"), "border-top-left-radius")).isEqualTo("6px");
        // …but white on yellow (1.4:1) is replaced by black (15:1).
        assertThat(css(launcher, "color")).isEqualTo("rgb(0, 0, 0)");
        converse();
        assertThat(css(part("header"), "color")).isEqualTo("rgb(0, 0, 0)");
        assertThat(css(part("message-visitor"), "color")).isEqualTo("rgb(0, 0, 0)");
        // Yellow text on the light surface would be unreadable too: accent-coloured text uses the text colour.
        assertThat(css(part("action"), "color")).isEqualTo(css(part("panel"), "color"));
        assertAxeClean();
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Close").setExact(true)).click();
        launcher().click();
        assertThat(dialog()).isVisible();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("rgb(255, 212, 0)", "#000");
    }

    @Test
    void aThemeModeKeepsTheExperiencesColours() {
        openFixture("a11y?theme=dark");
        waitForWidgets(1);
        // theme: 'dark' is a mode, not a colour: the experience's primary colour (#4f46e5) stays.
        assertThat(css(part("launcher"), "background-color")).isEqualTo("rgb(79, 70, 229)");
        assertThat(css(part("header"), "background-color")).isEqualTo("rgb(79, 70, 229)");
        assertThat(css(part("send"), "color")).isEqualTo("rgb(255, 255, 255)");
    }

    @Test
    void themeAutoFollowsTheVisitorsColourScheme() {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        openFixture("theme-auto");
        launcher().click();
        Locator panel = part("panel");
        assertThat(dialog()).isVisible();
        assertThat(page.locator("[data-nx=root]")).hasClass(java.util.regex.Pattern.compile("\\bnx-auto\\b"));
        assertThat(css(panel, "background-color")).isEqualTo("rgb(22, 24, 31)");
        assertAxeClean();
        // Switching the scheme while the page is open restyles the widget at once.
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        assertThat(css(panel, "background-color")).isEqualTo("rgb(255, 255, 255)");
        assertAxeClean();
    }
}
