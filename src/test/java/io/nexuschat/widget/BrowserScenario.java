package io.nexuschat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * Shared set-up of the browser scenarios: a fresh browser context per test on the shared Chromium, fixture pages
 * served by the test server, the events the page recorded (fixtures/record.js), and the event contract
 * ({@code contract/events.json}) to check their payloads against. Uncaught page errors fail the test: the widget must
 * never break the page it lives in.
 */
abstract class BrowserScenario {

    static final JsonNode CONTRACT = readContract();

    protected BrowserContext context;
    protected Page page;
    protected final List<String> pageErrors = new ArrayList<>();
    protected final List<String> consoleErrors = new ArrayList<>();

    @BeforeEach
    void newContext() {
        context = SharedBrowser.get().newContext(contextOptions());
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        watch(page);
    }

    /** Options of the test's browser context (viewport, locale…). */
    protected Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(1280, 800);
    }

    protected void watch(Page p) {
        p.onPageError(e -> pageErrors.add(e));
        p.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text());
            }
        });
    }

    @AfterEach
    void closeContext() {
        try {
            assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
        } finally {
            context.close();
        }
    }

    static String baseUrl() {
        return ConfigProvider.getConfig().getValue("test.url", String.class);
    }

    /** Opens {@code fixtures/<name>.html} (query string allowed) and waits until the widget is mounted. */
    protected Page openFixture(String nameAndQuery) {
        String[] parts = nameAndQuery.split("\\?", 2);
        page.navigate(baseUrl() + "/fixtures/" + parts[0] + ".html" + (parts.length > 1 ? "?" + parts[1] : ""));
        return page;
    }

    /** Waits until every widget on the page has mounted its shell. */
    protected void waitForWidgets(int count) {
        page.waitForFunction("n => [...document.querySelectorAll('nexus-chat-widget')]"
                + ".filter(h => h.shadowRoot && h.shadowRoot.querySelector('[data-nx=root]')).length === n", count);
    }

    /** Waits until the element's animations (the panel's opening slide) have finished, before measuring it. */
    protected static Locator settled(Locator l) {
        l.evaluate("el => Promise.all(el.getAnimations().map(a => a.finished))");
        return l;
    }

    protected Locator launcher() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"));
    }

    protected Locator dialog() {
        return page.getByRole(AriaRole.DIALOG);
    }

    protected Locator input() {
        return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
    }

    /** Every recorded event, oldest first: maps with {@code name}, {@code label}, {@code data}. */
    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> events() {
        return (List<Map<String, Object>>) page.evaluate("() => window.__events");
    }

    /** Payloads of the recorded events with this name, oldest first. */
    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> events(String name) {
        return events().stream().filter(e -> name.equals(e.get("name")))
                .map(e -> (Map<String, Object>) e.get("data")).toList();
    }

    /** Names of the recorded events, in order. */
    protected List<String> eventNames() {
        return events().stream().map(e -> (String) e.get("name")).toList();
    }

    /** Waits until {@code count} events with this name were recorded, and returns the last one's payload. */
    protected Map<String, Object> waitForEvent(String name, int count) {
        page.waitForFunction("([n, c]) => window.__events.filter(e => e.name === n).length >= c",
                List.of(name, count));
        List<Map<String, Object>> found = events(name);
        return found.get(found.size() - 1);
    }

    protected Map<String, Object> waitForEvent(String name) {
        return waitForEvent(name, 1);
    }

    /** Clears the recorded events. */
    protected void forgetEvents() {
        page.evaluate("() => { window.__events.length = 0; }");
    }

    /** Asserts a payload carries every field the contract requires for this event, with an ISO 8601 timestamp. */
    protected static void assertContract(String name, Map<String, Object> data) {
        JsonNode event = null;
        for (JsonNode e : CONTRACT.get("events")) {
            if (e.get("name").asText().equals(name)) {
                event = e;
            }
        }
        assertThat(event).as("event %s in the contract", name).isNotNull();
        for (JsonNode field : event.get("required")) {
            assertThat(data).as("%s payload", name).containsKey(field.asText());
        }
        assertThat(Instant.parse((String) data.get("timestamp"))).isBetween(Instant.now().minusSeconds(120),
                Instant.now().plusSeconds(5));
        if (name.equals("error")) {
            List<String> types = new ArrayList<>();
            CONTRACT.get("errorTypes").forEach(t -> types.add(t.asText()));
            assertThat(types).contains((String) data.get("type"));
        }
    }

    protected static boolean isUuid(Object s) {
        try {
            return s instanceof String str && UUID.fromString(str).toString().equalsIgnoreCase(str);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode readContract() {
        try (InputStream in = BrowserScenario.class.getClassLoader().getResourceAsStream("contract/events.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
