package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Answers that read well, with real answers of the demo knowledge base (fixture reading.html): code blocks scroll
 * sideways and copy with their button, tables scroll instead of breaking their words, an answer leads with its text
 * and names its source below, and phones show no maximize button.
 */
@QuarkusTest
class WidgetReadingBrowserTest extends BrowserScenario {

    @Override
    protected Browser.NewContextOptions contextOptions() {
        return super.contextOptions().setPermissions(List.of("clipboard-read", "clipboard-write"));
    }

    private Locator ask(String question) {
        launcher().click();
        assertThat(dialog()).isVisible();
        input().fill(question);
        input().press("Enter");
        waitForEvent("messageComplete");
        return page.locator("[data-nx=messages] .nx-bot").last();
    }

    private static boolean overflows(Locator scroller) {
        return (Boolean) scroller.evaluate("el => el.scrollWidth > el.clientWidth + 1");
    }

    @Test
    void codeBlocksScrollSidewaysAndTheirCopyButtonCopiesTheCode() {
        openFixture("reading");
        Locator answer = ask("How do I embed the widget on my site?");
        Locator pre = answer.locator(".nx-code pre").first();
        assertThat(pre.evaluate("el => getComputedStyle(el).whiteSpace")).isEqualTo("pre");
        assertThat(pre.evaluate("el => getComputedStyle(el).overflowX")).isEqualTo("auto");
        assertThat(overflows(pre)).as("the long script line scrolls instead of wrapping").isTrue();
        assertThat(pre).hasAttribute("tabindex", "0");
        String code = (String) pre.evaluate("el => el.innerText");
        assertThat(code).contains("<script src=\"https://chat.example.com/nexus-chat-widget.js\" async></script>");

        page.screenshot(new com.microsoft.playwright.Page.ScreenshotOptions()
                .setPath(java.nio.file.Path.of("target/screenshots/reading-code.png")));
        answer.locator(".nx-code").first().getByRole(AriaRole.BUTTON).click();
        assertThat(answer.locator("[data-nx-tool=status]")).hasText("Copied");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(code);
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();
    }

    @Test
    void tablesScrollSidewaysInsteadOfBreakingWordsAndAxeStaysClean() {
        openFixture("reading");
        Locator answer = ask("What is the difference between clearChat and startNewSession?");
        Locator scroller = answer.locator(".nx-scroll").first();
        assertThat(scroller.locator("table")).isVisible();
        assertThat(overflows(scroller)).as("the six-column table scrolls in the narrow bubble").isTrue();
        // No word of the table is broken across lines: each word's boxes all sit on one line.
        List<?> broken = (List<?>) scroller.evaluate("""
                el => {
                  const broken = [];
                  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                  for (let n; (n = walk.nextNode());) {
                    for (const m of n.data.matchAll(/\\S+/g)) {
                      const r = document.createRange();
                      r.setStart(n, m.index);
                      r.setEnd(n, m.index + m[0].length);
                      if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) broken.push(m[0]);
                    }
                  }
                  return broken;
                }""");
        assertThat(broken).as("words broken across lines").isEmpty();
        page.screenshot(new com.microsoft.playwright.Page.ScreenshotOptions()
                .setPath(java.nio.file.Path.of("target/screenshots/reading-table.png")));
        assertThat(scroller.locator("td code").count()).isPositive();
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();
    }

    @Test
    void knowledgeBaseAnswersLeadWithTheAnswerAndNameTheirSourceBelow() {
        openFixture("reading");
        Locator md = ask("How long does a session last?").locator(".nx-md");
        assertThat(md.locator(":scope > :first-child")).not().hasText(java.util.regex.Pattern.compile("›"));
        assertThat(md.locator("h3")).hasCount(0);
        assertThat(md.locator("p > em").filter(new Locator.FilterOptions().setHasText("Source:")).first())
                .hasText("Source: Sessions › Session expiry");
    }

    @Test
    void phonesShowNoMaximizeButtonWhereThePanelFillsTheScreen() {
        page.setViewportSize(390, 760);
        openFixture("reading");
        launcher().click();
        assertThat(dialog()).isVisible();
        assertThat(page.locator("[data-nx=maximize]")).isHidden();
        assertThat(page.locator("[data-nx=minimize]")).isVisible();
        assertThat(page.locator("[data-nx=close]")).isVisible();
        // On a desktop-sized viewport it is offered.
        page.setViewportSize(1280, 800);
        assertThat(page.locator("[data-nx=maximize]")).isVisible();
    }
}
