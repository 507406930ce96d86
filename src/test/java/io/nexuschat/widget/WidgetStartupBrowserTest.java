package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The widget is usable before {@code POST /api/v2/widget/init} answers: the bundle shows a composer at once (its look
 * and words remembered from the last start of the experience), the visitor types and presses Enter, and the message
 * goes out once the server-rendered shell has taken over. The init response is held by a route until the test
 * releases it.
 */
@QuarkusTest
class WidgetStartupBrowserTest extends BrowserScenario {

    static final String INIT = "**/api/v2/widget/init";

    /** Init requests the route holds, released by {@link #releaseInit()}. */
    private final List<Route> held = new ArrayList<>();
    /** Texts of the queries the page sent. */
    private final List<String> queries = new ArrayList<>();

    @BeforeEach
    void holdInit() {
        page.route(INIT, held::add);
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v2/query")) {
                try {
                    queries.add(new ObjectMapper().readTree(r.postData()).get("text").asText());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    private void releaseInit() {
        assertThat(held).as("init requests held").hasSize(1);
        held.remove(0).resume();
    }

    /** The skeleton's composer: the only textarea in the page before the shell is mounted. */
    private Locator skeletonInput() {
        return page.locator("nexus-chat-widget textarea");
    }

    private Locator shellRoots() {
        return page.locator("[data-nx=root]");
    }

    @Test
    void aMessageTypedAndSentBeforeInitAnswersGoesOutOnceTheShellIsMounted() {
        openFixture("startup");
        page.waitForCondition(() -> held.size() == 1);
        skeletonInput().fill("Hello before init");
        skeletonInput().press("Enter");
        // Accepted: the composer is empty again and shows the message, which waits for the server.
        assertThat(skeletonInput()).hasValue("");
        assertThat(page.locator("nexus-chat-widget .nx-user")).hasText("Hello before init");
        assertThat(shellRoots()).hasCount(0);
        assertThat(queries).isEmpty();
        assertThat(eventNames()).doesNotContain("messageStart");

        releaseInit();
        waitForWidgets(1);
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(complete.get("answer")).isNotNull();
        assertThat(queries).containsExactly("Hello before init");
        assertThat(page.locator("[data-nx=messages] .nx-user")).hasCount(1);
        assertThat(page.locator("[data-nx=messages] .nx-user")).containsText("Hello before init");
        // One widget on the page: the skeleton is gone.
        assertThat(page.locator("nexus-chat-widget")).hasCount(1);
    }

    @Test
    void whatIsTypedAndTheFocusMoveIntoTheShell() {
        openFixture("startup");
        page.waitForCondition(() -> held.size() == 1);
        skeletonInput().fill("half a question");
        releaseInit();
        waitForWidgets(1);
        assertThat(input()).hasValue("half a question");
        assertThat(input()).isFocused();
        assertThat(queries).isEmpty();
    }

    @Test
    void theNextStartShowsTheRememberedLookAndWords() {
        openFixture("startup");
        releaseInit();
        waitForWidgets(1);
        String placeholder = input().getAttribute("placeholder");
        assertThat(placeholder).isNotBlank();

        page.reload();
        page.waitForCondition(() -> held.size() == 1);
        // Before init answers: the composer already has its accessible name and placeholder.
        assertThat(shellRoots()).hasCount(0);
        assertThat(input()).hasAttribute("placeholder", placeholder);
        input().fill("Second visit");
        input().press("Enter");
        releaseInit();
        waitForEvent("messageComplete");
        assertThat(queries).containsExactly("Second visit");
    }

    @Test
    void theFloatingLauncherOpensTheComposerBeforeInitAnswers() {
        openFixture("startup?floating");
        page.waitForCondition(() -> held.size() == 1);
        page.locator("nexus-chat-widget .nx-launcher").click();
        assertThat(skeletonInput()).isFocused();
        assertThat(waitForEvent("open")).containsKey("timestamp");
        page.keyboard().type("From the launcher");
        page.keyboard().press("Enter");
        releaseInit();
        waitForEvent("messageComplete");
        assertThat(queries).containsExactly("From the launcher");
        assertThat(dialog()).isVisible();
        assertThat(input()).isFocused();
    }

    @Test
    void theSkeletonCarriesTheShellsPartNamesSoThePagesPartRulesApplyBeforeInitAnswers() {
        openFixture("startup?floating");
        page.waitForCondition(() -> held.size() == 1);
        assertThat(shellRoots()).hasCount(0);
        for (String part : List.of("launcher", "panel", "input", "send")) {
            assertThat(page.locator("nexus-chat-widget [part=" + part + "]")).hasCount(1);
        }
        assertThat(page.locator("nexus-chat-widget .nx-launcher")).hasAttribute("part", "launcher");
        releaseInit();
        waitForWidgets(1);
    }

    @Test
    void aDisclaimerShownOnlyByInitKeepsTheMessageUnsentInTheInput() {
        openFixture("startup?floating&experience=scripted-disclaimer");
        page.waitForCondition(() -> held.size() == 1);
        page.locator("nexus-chat-widget .nx-launcher").click();
        page.keyboard().type("Before the terms");
        page.keyboard().press("Enter");
        releaseInit();
        waitForWidgets(1);
        // Nothing goes out before the disclaimer is accepted: the words are back in the (disabled) input.
        assertThat(page.locator("[data-nx=disclaimer]")).isVisible();
        assertThat(input()).isDisabled();
        assertThat(input()).hasValue("Before the terms");
        assertThat(queries).isEmpty();
        assertThat(page.locator("[data-nx=messages] .nx-user")).hasCount(0);

        // The next start remembers the gate: the composer is disabled before init answers.
        page.reload();
        page.waitForCondition(() -> held.size() == 1);
        assertThat(skeletonInput()).isDisabled();
    }
}
