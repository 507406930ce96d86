package io.nexuschat.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Failures between the widget and the server (fixture network.html: 1.5 s timeout, one retry): retries, timeouts,
 * offline and back, and that a user message is never silently lost.
 */
@QuarkusTest
class WidgetNetworkBrowserTest extends BrowserScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "**/api/v2/query";

    private Locator userMessages() {
        return page.locator("[data-nx=messages] .nx-user");
    }

    private Locator notSentRetry() {
        return page.locator("[data-nx=messages]").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Retry"));
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aQueryFailingBeforeAnyByteIsRetriedWithTheSameQueryId() {
        List<String> queryIds = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        page.route(QUERY, route -> {
            queryIds.add(json(route.request().postData()).get("queryId").asText());
            if (calls.getAndIncrement() == 0) {
                route.abort("connectionreset");
            } else {
                route.fallback();
            }
        });
        openFixture("network");
        launcher().click();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(queryIds).hasSize(2).containsOnly((String) complete.get("queryId"));
        assertThat(events("error")).isEmpty();
        assertThat(notSentRetry()).hasCount(0);
    }

    @Test
    void aMessageThatCannotBeSentIsMarkedNotSentReportedAndDeliveredOnRetry() {
        page.route(QUERY, route -> route.abort("connectionrefused"));
        openFixture("network");
        launcher().click();
        input().fill("Which events does the widget emit?");
        input().press("Enter");

        Map<String, Object> error = waitForEvent("error");
        assertContract("error", error);
        assertThat(error).containsEntry("type", "backend");
        assertThat(userMessages()).hasCount(1);
        assertThat(userMessages().first()).containsText("Not sent.");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Something went wrong");
        assertThat(events("messageComplete")).isEmpty();

        page.unroute(QUERY);
        notSentRetry().click();
        waitForEvent("messageComplete");
        assertThat(userMessages()).hasCount(1);
        assertThat(userMessages().first()).not().containsText("Not sent.");
        assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
        assertThat(page.locator(".nx-bot .nx-md")).hasCount(1);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeYieldsATimeoutErrorAndTheBannerRetries() {
        AtomicInteger calls = new AtomicInteger();
        page.route(QUERY, route -> calls.incrementAndGet()); // never answered: the request hangs
        openFixture("network");
        launcher().click();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        Map<String, Object> error = waitForEvent("error");
        assertThat(error).containsEntry("type", "timeout");
        assertThat(calls.get()).isEqualTo(2); // first try + one retry
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("No answer in time");

        page.unroute(QUERY);
        page.getByRole(AriaRole.ALERT).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retry"))
                .click();
        waitForEvent("messageComplete");
        assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
    }

    @Test
    void offlineShowsABannerKeepsTheMessageAndSendsItWhenBackOnline() {
        openFixture("network");
        launcher().click();
        List<String> queries = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v2/query")) {
                queries.add(r.postData());
            }
        });
        context.setOffline(true);
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("You are offline")))
                .isVisible();
        input().fill("Which events does the widget emit?");
        input().press("Enter");
        assertThat(userMessages().first()).containsText("Waiting for a connection");
        assertThat(page.evaluate("() => JSON.parse(localStorage['nexus-chat:demo:outbox']).map(m => m.text)"))
                .isEqualTo(List.of("Which events does the widget emit?"));
        assertThat(queries).isEmpty();
        assertThat(events("error")).isEmpty();

        context.setOffline(false);
        waitForEvent("messageComplete");
        assertThat(queries).hasSize(1);
        assertThat(page.locator("[data-nx=offline]")).isHidden();
        assertThat(userMessages().first()).not().containsText("Waiting");
        assertThat(page.evaluate("() => localStorage['nexus-chat:demo:outbox'] ?? null")).isNull();
    }

    @Test
    void aFailedInitIsReportedAndTheWidgetAppearsWhenTheNetworkComesBack() {
        page.route("**/api/v2/widget/init", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(503).setContentType("application/problem+json")
                .setBody("{\"type\":\"urn:nexus-chat:problem:unavailable\",\"status\":503,\"detail\":\"down\"}")));
        openFixture("network");
        Map<String, Object> error = waitForEvent("error");
        assertThat(error).containsEntry("type", "backend");
        assertThat(page.locator("nexus-chat-widget")).hasCount(0);
        // The page itself is unharmed and the API is usable.
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Network"))).isVisible();
        assertThat(page.evaluate("() => typeof widget.startNewSession()")).isEqualTo("string");

        page.unroute("**/api/v2/widget/init");
        context.setOffline(true);
        context.setOffline(false);
        waitForWidgets(1);
        assertThat(launcher()).isVisible();
    }

    @Test
    void aServerSideAnswerErrorIsReportedAsBackendWithRetry() {
        AtomicInteger calls = new AtomicInteger();
        page.route(QUERY, route -> {
            if (calls.getAndIncrement() == 0) {
                String queryId = json(route.request().postData()).get("queryId").asText();
                route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200)
                        .setContentType("text/event-stream")
                        .setBody("event: error\ndata: {\"type\":\"engine\",\"message\":\"engine down\",\"queryId\":\""
                                + queryId + "\"}\n\n"));
            } else {
                route.fallback();
            }
        });
        openFixture("network");
        launcher().click();
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        Map<String, Object> error = waitForEvent("error");
        assertThat(error).containsEntry("type", "backend").containsEntry("message", "engine down");
        assertThat(calls.get()).isEqualTo(1); // bytes arrived: not retried automatically
        notSentRetry().click();
        waitForEvent("messageComplete");
    }

    @Test
    void streamsSplitAnywhereWithCrLfLineEndsAndCommentsAreParsed() {
        // A proxy may re-chunk the stream and use CRLF; keep-alive comments may appear between events.
        page.route(QUERY, route -> {
            String q = json(route.request().postData()).get("queryId").asText();
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200)
                    .setContentType("text/event-stream")
                    .setBody(": keep-alive\r\n\r\nevent: chunk\r\ndata: {\"chunk\":\"Hello \",\"queryId\":\"" + q
                            + "\"}\r\n\r\nevent:chunk\ndata:{\"chunk\":\"world\",\"queryId\":\"" + q + "\"}\n\n"
                            + "event: complete\rdata: {\"answer\":\"Hello world\",\"answerHtml\":\"<p>Hello <em>world</em></p>\","
                            + "\"queryId\":\"" + q + "\",\"messageId\":\"m-1\"}\r\r"));
        });
        openFixture("network");
        launcher().click();
        input().fill("Hi");
        input().press("Enter");
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(complete).containsEntry("answer", "Hello world").containsEntry("messageId", "m-1");
        assertThat(events("messageChunk").stream().map(c -> c.get("chunk"))).containsExactly("Hello ", "world");
        assertThat(page.locator(".nx-bot .nx-md em")).hasText("world");
    }

    @Test
    void aMessageWaitingWhenThePageIsReloadedIsSentAfterTheReload() {
        openFixture("network");
        launcher().click();
        // The browser reports offline: the message waits in the stored outbox.
        page.evaluate("() => Object.defineProperty(navigator, 'onLine', { get: () => false })");
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        assertThat(userMessages().first()).containsText("Waiting");
        String queryId = (String) waitForEvent("messageStart").get("queryId");

        // Back online by the time the page reloads: no 'online' event comes, start-up itself sends it.
        page.reload();
        waitForWidgets(1);
        Map<String, Object> complete = waitForEvent("messageComplete");
        assertThat(complete).containsEntry("queryId", queryId);
        assertThat(userMessages()).hasCount(1);
        assertThat(page.evaluate("() => localStorage['nexus-chat:demo:outbox']")).isNull();
    }

    @Test
    void aFailedMessageSurvivesAReloadWithItsRetryButton() {
        page.route(QUERY, route -> route.abort("connectionrefused"));
        openFixture("network");
        launcher().click();
        input().fill("Which events does the widget emit?");
        input().press("Enter");
        waitForEvent("error");
        page.unroute(QUERY);
        // Every query the page sends from now on, and whether the visitor had pressed Retry by then.
        AtomicBoolean retried = new AtomicBoolean();
        List<Boolean> sentAfterRetry = new CopyOnWriteArrayList<>();
        page.route(QUERY, route -> {
            sentAfterRetry.add(retried.get());
            route.fallback();
        });

        page.reload();
        waitForWidgets(1);
        launcher().click();
        assertThat(userMessages()).hasCount(1);
        assertThat(userMessages().first()).containsText("Which events does the widget emit?");
        assertThat(userMessages().first()).containsText("Not sent.");
        retried.set(true);
        notSentRetry().click();
        waitForEvent("messageComplete");
        // Not sent again on its own, neither at start-up nor alongside the retry: the visitor decides, once.
        assertThat(sentAfterRetry).containsExactly(true);
        assertThat(events("messageComplete")).hasSize(1);
        assertThat(userMessages()).hasCount(1);
        assertThat(userMessages().first()).not().containsText("Not sent.");
        assertThat(page.evaluate("() => localStorage['nexus-chat:demo:outbox']")).isNull();
    }

    @Test
    void retryingFromTheKeyboardMovesFocusToTheInputNotTheBody() {
        page.route(QUERY, route -> route.abort("connectionrefused"));
        openFixture("network");
        launcher().click();
        input().fill("Which events does the widget emit?");
        input().press("Enter");
        waitForEvent("error");

        notSentRetry().focus();
        page.keyboard().press("Enter");
        assertThat(input()).isFocused();
        waitForEvent("error", 2);

        Locator bannerRetry = page.getByRole(AriaRole.ALERT).getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Retry"));
        bannerRetry.focus();
        page.keyboard().press("Space");
        assertThat(input()).isFocused();
        waitForEvent("error", 3);
    }

    @Test
    void theTypingIndicatorIsAnnouncedThroughAPoliteStatus() {
        page.route(QUERY, route -> {
        }); // never answered while we look
        openFixture("network");
        launcher().click();
        Locator status = page.locator("[data-nx=typing-status]");
        assertThat(status).hasAttribute("role", "status");
        assertThat(status).hasText("");
        input().fill("How do I embed the widget on my site?");
        input().press("Enter");
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText(
                "Assistant is typing"))).hasCount(1);
        com.deque.html.axecore.results.AxeResults results = new com.deque.html.axecore.playwright.AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze();
        assertThat(results.getViolations()).isEmpty();
        waitForEvent("error");
        assertThat(status).hasText("");
    }
}
