package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/** The demo home page runs the real widget under the strict CSP the README documents, and logs its events. */
@QuarkusTest
class DemoPageBrowserTest extends BrowserScenario {

    @Test
    void homePageAnswersUnderStrictCspAndLogsTheWidgetEvents() {
        page.navigate(baseUrl() + "/");
        waitForWidgets(1);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the chat window")).click();
        assertThat(dialog()).isVisible();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");

        com.microsoft.playwright.Locator log = page.locator("#event-log");
        assertThat(
                log.locator("li", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("messageComplete")))
                // The first answer of a fresh server (knowledge base loaded on first use) on a busy machine can take
                // longer than the default 5 s: waits for it, bounded.
                .hasCount(1, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                        .setTimeout(30_000));
        assertThat(log).containsText("sessionStart");
        assertThat(page.locator("#session-id")).not().hasText("none");
        assertThat(consoleErrors).as("CSP violations or errors on the demo page").isEmpty();

        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> results.getViolations().toString()).isEmpty();
    }

    @Test
    void startNewSessionButtonShowsTheNewId() {
        page.navigate(baseUrl() + "/");
        waitForWidgets(1);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("startNewSession()")).click();
        assertThat(page.locator("#session-id")).hasText(java.util.regex.Pattern.compile("[0-9a-f-]{36}"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("clearChat()")).click();
        assertThat(page.locator("#session-id")).hasText("none");
        assertThat(page.locator("#event-log")).containsText("sessionClear");
    }
}
