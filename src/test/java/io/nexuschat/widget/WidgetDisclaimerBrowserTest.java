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
 * The disclaimer gate (fixture disclaimer.html, experience {@code scripted-disclaimer}): the composer is disabled until
 * the visitor accepts, acceptance is remembered per experience and disclaimer text, and the init config can replace or
 * remove the experience's disclaimer.
 */
@QuarkusTest
class WidgetDisclaimerBrowserTest extends BrowserScenario {

    private Locator region() {
        return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Before you start"));
    }

    private Locator accept(String label) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(label));
    }

    private Locator send() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));
    }

    @Test
    void theInputIsGatedUntilTheVisitorAcceptsThenDisclaimerAcceptFires() {
        openFixture("disclaimer");
        launcher().click();
        assertThat(region()).isVisible();
        assertThat(region()).containsText("Answers are generated automatically and may be wrong.");
        assertThat(input()).isDisabled();
        assertThat(send()).isDisabled();
        // Focus goes to the accept button, not to the disabled input; a screen reader announces what it accepts.
        assertThat(accept("I understand")).isFocused();
        assertThat(accept("I understand"))
                .hasAccessibleDescription(
                        "Answers are generated automatically and may be wrong. Do not share personal data.");
        assertThat(events("disclaimerAccept")).isEmpty();

        page.keyboard().press("Enter");
        Map<String, Object> accepted = waitForEvent("disclaimerAccept");
        assertContract("disclaimerAccept", accepted);
        assertThat(accepted).containsEntry("experienceId", "scripted-disclaimer");
        assertThat(region()).isHidden();
        assertThat(input()).isEnabled();
        assertThat(input()).isFocused();
        input().fill("Hello after accepting");
        input().press("Enter");
        waitForEvent("messageComplete");
    }

    @Test
    void acceptanceIsRememberedPerExperienceAcrossReloads() {
        openFixture("disclaimer");
        launcher().click();
        accept("I understand").click();
        waitForEvent("disclaimerAccept");

        page.reload();
        launcher().click();
        assertThat(input()).isEnabled();
        assertThat(page.locator("[data-nx=disclaimer]")).isHidden();
        assertThat(events("disclaimerAccept")).isEmpty();

        // Another browser (context) has not accepted it.
        Page other = context.browser().newContext().newPage();
        try {
            other.navigate(baseUrl() + "/fixtures/disclaimer.html");
            other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
            assertThat(other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I understand")))
                    .isVisible();
        } finally {
            other.context().close();
        }
    }

    @Test
    void aChangedDisclaimerTextMustBeAcceptedAgain() {
        openFixture("disclaimer?text=Version%201");
        launcher().click();
        accept("Agree").click();
        waitForEvent("disclaimerAccept");

        openFixture("disclaimer?text=Version%201");
        launcher().click();
        assertThat(input()).isEnabled();

        openFixture("disclaimer?text=Version%202");
        launcher().click();
        assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Terms")))
                .containsText("Version 2");
        assertThat(input()).isDisabled();
    }

    @Test
    void disclaimerFalseInTheConfigRemovesTheExperiencesDisclaimer() {
        openFixture("disclaimer?off");
        launcher().click();
        assertThat(input()).isEnabled();
        assertThat(page.locator("[data-nx=disclaimer]")).hasCount(0);
    }

    @Test
    void anExperienceWithoutDisclaimerIsNotGated() {
        openFixture("disclaimer?experience=scripted");
        launcher().click();
        assertThat(input()).isEnabled();
        assertThat(input()).isFocused();
    }

    @Test
    void theGateIsAccessible() {
        openFixture("disclaimer");
        launcher().click();
        assertThat(region()).isVisible();
        // Measured after the opening animation: mid-fade the colours are blended and the contrast check fails.
        settled(dialog());
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        assertThat(results.getViolations()).as(() -> WidgetAccessibilityBrowserTest.describe(results)).isEmpty();
    }
}
