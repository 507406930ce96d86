package io.nexuschat.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground's theming: every theme token restyles the widget and appears in the snippet and URL, and the page's
 * {@code ::part} rules reach the parts it names.
 */
@QuarkusTest
class DemoPlaygroundThemeBrowserTest extends DemoBrowser {

    private Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    private Locator launcher() {
        return page.locator("[part~=launcher]");
    }

    @Test
    void themeTokensRestyleTheWidgetAndShowInTheSnippet() {
        open("/demos/playground", 1);
        field("Primary colour").selectOption("#0b5d3b");
        field("Font").selectOption("Georgia, serif");
        field("Corner radius").selectOption("4px");
        field("Theme").selectOption("auto");
        assertThat(page).hasURL(Pattern.compile("primary=%230b5d3b"));
        assertThat(page.locator("#snippet")).containsText("primary: \"#0b5d3b\"");
        assertThat(page.locator("#snippet")).containsText("mode: \"auto\"");
        assertThat(page.locator("#snippet")).containsText("radius: \"4px\"");
        // Each change restarts the widget: the assertions wait for the restarted one.
        assertThat(launcher()).hasCSS("background-color", "rgb(11, 93, 59)");
        assertThat(launcher()).hasCSS("font-family", "Georgia, serif");
        assertThat(page.locator("[data-nx=root]")).hasClass(Pattern.compile("nx-auto"));

        // Too light for white text: the widget switches to black text on it.
        field("Primary colour").selectOption("#ffd400");
        assertThat(launcher()).hasCSS("background-color", "rgb(255, 212, 0)");
        assertThat(launcher()).hasCSS("color", "rgb(0, 0, 0)");
        checkAndScreenshot("/demos/playground?primary=%23ffd400&theme=auto", "playground-theme", 1);
    }

    @Test
    void theOtherTokensSizeAndPlaceThePanelAndThePagesPartRulesReachTheParts() {
        open("/demos/playground", 1);
        Map.of("Text on primary", "#fde68a", "Surface and text", "paper", "Font size", "19px", "Panel width", "440px",
                "Panel height", "480px", "Launcher size", "68px", "Distance from the side", "48px",
                "Distance from the bottom or top", "8px").forEach((label, value) -> field(label).selectOption(value));
        List.of("launcher", "header", "message-assistant").forEach(part -> checkbox(part).check());
        assertThat(page).hasURL(Pattern.compile("parts=launcher%2Cheader%2Cmessage-assistant"));
        for (String token : new String[]{"onPrimary: \"#fde68a\"", "surface: \"#fffbeb\"", "text: \"#292524\"",
                "fontSize: \"19px\"", "panelWidth: \"440px\"", "panelHeight: \"480px\"", "launcherSize: \"68px\"",
                "offsetX: \"48px\"", "offsetY: \"8px\"", "nexus-chat-widget::part(message-assistant)"}) {
            assertThat(page.locator("#snippet")).containsText(token);
        }

        assertThat(launcher()).hasCSS("width", "68px");
        assertThat(launcher()).hasCSS("color", "rgb(253, 230, 138)");
        assertThat(launcher()).hasCSS("outline-style", "dashed");
        // 48px from the right edge of the 1280×800 viewport, 8px from its bottom (measured before the pointer is on
        // it: hovered, it grows a little).
        assertThat(launcher().evaluate("e => { const r = e.getBoundingClientRect(); return [innerWidth - r.right,"
                + " innerHeight - r.bottom]; }")).isEqualTo(List.of(48, 8));
        launcher().click();
        Locator panel = page.locator("[part~=panel]");
        assertThat(panel).hasCSS("width", "440px");
        assertThat(panel).hasCSS("height", "480px");
        assertThat(panel).hasCSS("background-color", "rgb(255, 251, 235)");
        assertThat(panel).hasCSS("color", "rgb(41, 37, 36)");
        assertThat(panel).hasCSS("outline-style", "none");
        assertThat(page.locator("[part~=header]")).hasCSS("outline-style", "dashed");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message").setExact(true))
                .fill("How do I embed it?");
        page.keyboard().press("Enter");
        Locator answer = page.locator("[data-nx=messages] [part~=message-assistant]");
        assertThat(answer).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        assertThat(answer).hasCSS("outline-style", "dashed");
        assertThat(answer).hasCSS("font-size", "19px");
        assertThat(page.locator("[data-nx=messages] [part~=message-visitor]")).hasCSS("outline-style", "none");
        assertAccessible(page);
    }
}
