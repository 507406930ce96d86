package io.nexuschat.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;

/** The playground's theme tokens: colour, font and radius restyle the widget and appear in the snippet and URL. */
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
}
