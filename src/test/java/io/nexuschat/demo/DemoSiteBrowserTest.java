package io.nexuschat.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo site for integrators: each page runs the real widget under the strict CSP, does what it says, has no axe
 * violations at desktop and phone sizes, and links back to all demos.
 */
@QuarkusTest
class DemoSiteBrowserTest extends DemoBrowser {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private Locator logEntries(String logId, String event) {
        return page.locator("#" + logId + " li[data-event='" + event + "']");
    }

    private void assertNoSession(String text) {
        assertThat(page.locator("#no-session")).isVisible();
        assertThat(page.locator("#no-session")).hasText(text);
        assertThat(page.locator("#session-details")).isHidden();
    }

    @Test
    void homePageLinksEveryDemoShowsThisServersSnippetAndAnswersUnderStrictCsp() {
        open("/", 1);
        assertThat(page.locator("#embed-snippet")).containsText(baseUrl() + "/nexus-chat-widget.js");
        assertThat(page.locator("#embed-snippet")).containsText("apiUrl: \"" + baseUrl() + "/api/v2\"");
        for (DemoPage demo : DemoPage.values()) {
            assertThat(page.locator("main a[href='" + demo.path() + "']")).hasText(demo.title());
        }
        assertThat(page.locator("a[href='/q/swagger-ui']").first()).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
        Locator input = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
        input.fill("How do I embed the widget on my site?");
        input.press("Enter");
        assertThat(page.locator("[data-nx=messages] .nx-msg.nx-bot")).hasCount(1, SLOW);
        checkAndScreenshot("/", "home", 1);
    }

    @Test
    void sessionManagementValidatesStartsClearsAndLogsTheSessionLifecycle() {
        open("/demos/session-management", 1);
        assertThat(page.locator("a.back")).hasText("← All demos");
        assertNoSession("No active session");
        assertThat(page.locator("[data-empty-for=session-log]")).isVisible();

        Locator uuid = page.getByLabel("UUID", new Page.GetByLabelOptions().setExact(true));
        uuid.fill("not-a-uuid");
        assertThat(page.locator("#uuid-error")).containsText("“not-a-uuid” is not a UUID");
        assertThat(uuid).hasAttribute("aria-invalid", "true");
        button("Start new session").click();
        assertNoSession("No active session");

        button("Start new session (auto id)").click();
        assertThat(logEntries("session-log", "sessionStart")).hasCount(1);
        String first = page.locator("#session-id").textContent();
        assertThat(first).matches(UUID);

        button("Generate UUID").click();
        String generated = uuid.inputValue();
        assertThat(generated).matches(UUID);
        assertThat(page.locator("#uuid-error")).isHidden();
        button("Start new session").click();
        assertThat(page.locator("#session-id")).hasText(generated);
        Locator entries = page.locator("#session-log li");
        assertThat(entries).hasCount(3);
        assertThat(entries.nth(1)).containsText("🔴 sessionEnd");
        assertThat(entries.nth(1)).containsText(first);
        assertThat(entries.nth(2)).containsText("🟢 sessionStart");
        assertThat(entries.nth(2)).containsText(generated);
        assertThat(page.locator("[data-empty-for=session-log]")).isHidden();

        // One question and its answer, then Clear chat: sessionClear carries the count; no session until the next one.
        button("Open the chat").click();
        Locator input = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
        input.fill("How do I start a new session?");
        input.press("Enter");
        assertThat(page.locator("#session-messages")).hasText("2", SLOW_TEXT);
        button("Clear chat").click();
        assertThat(logEntries("session-log", "sessionClear")).hasCount(1);
        assertThat(logEntries("session-log", "sessionClear")).containsText("🟡 sessionClear");
        assertThat(logEntries("session-log", "sessionClear")).containsText("\"messageCount\":2");
        assertNoSession("No active session — the next message starts one.");
        input.fill("And how do I clear it?");
        input.press("Enter");
        assertThat(logEntries("session-log", "sessionStart")).hasCount(3);
        assertThat(page.locator("#session-id")).hasText(UUID);
        checkAndScreenshot("/demos/session-management", "session-management", 1);
    }

    @Test
    void sessionManagementUseCasesResumeShareHandOverAndBindToAUser() {
        open("/demos/session-management", 1);
        button("Start new session (auto id)").click();
        String id = page.locator("#session-id").textContent();
        assertThat(id).matches(UUID);

        button("Reload this page").click();
        waitForWidgets(page, 1);
        assertThat(page.locator("#session-id")).hasText(id);
        assertThat(page.locator("#resume-note")).hasText("Resumed after reload: session " + id + " continues.");

        button("Add a second widget on this session").click();
        waitForWidgets(page, 2);
        assertThat(page.locator("#second-note")).containsText(id + " — the same as the first widget's.");
        button("Remove the second widget").click();

        button("Create a session on the server and hand it over").click();
        assertThat(page.locator("#server-note")).containsText("the widget was started with sessionId and now uses it");
        String serverId = page.locator("#session-id").textContent();
        assertThat(serverId).matches(UUID).isNotEqualTo(id);
        assertThat(page.locator("#server-note")).containsText("The server created session " + serverId);
        assertThat(page.locator("#session-server")).containsText("named “Created by the demo page's server”");

        button("Restart the widget for user “demo-visitor-42”").click();
        assertThat(page.locator("#user-note")).containsText("asked for by user “someone-else”: HTTP 403 (refused).");
        assertThat(page.locator("#session-server")).containsText("bound to user demo-visitor-42");
    }

    @Test
    void eventsPageLogsTriggeredEventsFiltersByGroupAndShowsTheServersRelayedStream() {
        open("/demos/events", 1);
        assertThat(page.locator("#event-table tbody tr")).hasCount(23);
        button("startNewSession()").click();
        assertThat(logEntries("browser-log", "sessionStart")).hasCount(1);
        assertThat(page.locator("#server-status")).containsText("Connected to the stream of session");
        // Maximized, the panel covers most of the page: its own button brings it back (which is a minimize).
        button("open()").click();
        button("maximize()").click();
        page.locator("[data-nx=maximize]").click();
        assertThat(logEntries("browser-log", "open")).hasCount(1);
        assertThat(logEntries("browser-log", "minimize")).hasCount(1);
        assertThat(logEntries("browser-log", "maximize")).hasCount(1);

        button("sendMessage(\"Which events does the widget emit?\")").click();
        assertThat(logEntries("browser-log", "messageComplete")).hasCount(1, SLOW);
        assertThat(logEntries("browser-log", "messageStart")).hasCount(1);
        assertThat(logEntries("browser-log", "messageChunk").first()).isVisible();
        // A long answer is cut in the log, saying how long it was.
        assertThat(logEntries("browser-log", "messageComplete"))
                .containsText(Pattern.compile("… \\(\\d+ characters\\)"));
        // The server's side: its own event and the widget's, relayed through the intake.
        assertThat(logEntries("server-log", "message.completed")).hasCount(1, SLOW);
        assertThat(logEntries("server-log", "widget.messageComplete")).hasCount(1, SLOW);

        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Message").setExact(true)).uncheck();
        assertThat(logEntries("browser-log", "messageChunk").first()).isHidden();
        assertThat(logEntries("browser-log", "sessionStart")).isVisible();

        button("startNewSession(\"not-a-uuid\")").click();
        assertThat(logEntries("browser-log", "error")).containsText("not-a-uuid");
        assertThat(page.locator("#seen-error")).hasText("1");

        button("Restart with a new disclaimer").click();
        waitForWidgets(page, 1);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I understand")).click();
        assertThat(logEntries("browser-log", "disclaimerAccept")).hasCount(1);
        checkAndScreenshot("/demos/events", "events", 1);
    }

    @Test
    void playgroundRestartsTheWidgetUpdatesTheSnippetAndKeepsTheStateInTheUrl() {
        open("/demos/playground", 1);
        page.getByLabel("Theme", new Page.GetByLabelOptions().setExact(true)).selectOption("dark");
        assertThat(page).hasURL(Pattern.compile("theme=dark"));
        assertThat(page.locator("[data-nx=root]")).hasClass(Pattern.compile("nx-dark"));
        assertThat(page.locator("#snippet")).containsText("theme: \"dark\"");
        assertThat(page.locator("#snippet")).containsText(baseUrl() + "/nexus-chat-widget.js");

        page.getByLabel("Mode", new Page.GetByLabelOptions().setExact(true)).selectOption("embedded");
        assertThat(page.locator("#embedded-host [data-nx=root]")).isVisible();
        assertThat(page.locator("#snippet")).containsText("container: \"#chat\"");
        page.getByLabel("Welcome message").fill("Hello from the playground");
        page.getByLabel("Welcome message").press("Tab");
        assertThat(page.locator("#snippet")).containsText("welcomeMessage: \"Hello from the playground\"");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("read aloud")).check();
        assertThat(page.locator("#snippet")).containsText("tts: true");
        assertThat(page.locator("nexus-chat-widget")).hasCount(1);

        // The URL alone restores the configuration.
        page.navigate(page.url());
        waitForWidgets(page, 1);
        assertThat(page.getByLabel("Theme", new Page.GetByLabelOptions().setExact(true))).hasValue("dark");
        assertThat(page.getByLabel("Welcome message")).hasValue("Hello from the playground");
        assertThat(page.locator("#embedded-host [data-nx=root]")).hasClass(Pattern.compile("nx-dark"));
        checkAndScreenshot("/demos/playground", "playground", 1);
    }

    @Test
    void protocolLinksReachTheirHandlersAndLinkClickWithoutNavigating() {
        open("/demos/protocol-links", 1);
        String url = page.url();
        button("Ask “What are custom protocol links?”").click();
        Locator action = page.locator("[data-nx=messages] a[data-protocol='action:']");
        assertThat(action).hasCount(1, SLOW);
        action.click();
        assertThat(page.locator("#effect")).containsText("Action “schedule” about “demo”");
        page.locator("[data-nx=messages] a[data-protocol='product:']").click();
        assertThat(page.locator("#effect")).containsText("Product ABC123");
        page.locator("[data-nx=messages] a[data-protocol='tour:']").click();
        assertThat(page.locator("#effect")).containsText("A guided tour “embedding” would start here.");
        assertThat(logEntries("link-log", "linkClick")).hasCount(3);
        assertThat(logEntries("link-log", "linkClick").first())
                .containsText("\"params\":{\"type\":\"schedule\",\"topic\":\"demo\"}");
        assertThat(page).hasURL(url);
        checkAndScreenshot("/demos/protocol-links", "protocol-links", 1);
    }

    @Test
    void handoverShowsWhatTheListenerReceivesAndWhatTheServerRecorded() {
        open("/demos/handover", 1);
        assertThat(page.locator("#server-status")).containsText("Connected to the stream of session");
        button("Open the chat").click();
        button("Talk to a person").click();
        assertThat(logEntries("handover-log", "handover")).containsText("\"reason\":\"billing_question\"");
        assertThat(logEntries("handover-log", "handover")).containsText("\"priority\":\"high\"");
        assertThat(page.locator("#handled")).containsText("Handover requested (priority high");
        assertThat(logEntries("server-log", "handover.requested")).hasCount(1, SLOW);
        assertThat(logEntries("server-log", "handover.requested")).containsText("billing_question");
        assertThat(page.locator(".notice")).containsText("There is no live inbox for agents yet");
        checkAndScreenshot("/demos/handover", "handover", 1);
    }

    @Test
    void voicePageSaysPlainlyWhatTheBrowserLacks() {
        open("/demos/voice", 1);
        boolean recognition = (Boolean) page
                .evaluate("() => !!(window.SpeechRecognition || window.webkitSpeechRecognition)");
        assertThat(page.locator("#recognition-support"))
                .containsText(recognition ? "Voice input: available" : "Voice input: not available");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
        if (recognition) {
            assertThat(page.locator("[data-nx=voice]")).isVisible();
        }
        checkAndScreenshot("/demos/voice", "voice", 1);

        // A browser without the Web Speech API: the page says so, and the chat shows no microphone.
        page.addInitScript("delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"
                + " delete Window.prototype.speechSynthesis; delete window.speechSynthesis;");
        open("/demos/voice", 1);
        assertThat(page.locator("#recognition-support")).containsText("Voice input: not available");
        assertThat(page.locator("#synthesis-support")).containsText("Read-aloud: not available");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
        assertThat(page.locator("[data-nx=input]")).isVisible();
        assertThat(page.locator("[data-nx=voice]")).isHidden();
    }

    @Test
    void interceptorEnrichesAnswersLocallyAndFailsSafely() {
        open("/demos/interceptor", 1);
        Locator answers = page.locator("[data-nx=messages] .nx-bot");
        button("Answer locally: “Where is my order 12345?”").click();
        assertThat(answers).hasCount(1);
        assertThat(answers.first()).containsText("Order 12345 shipped yesterday");
        Locator log = page.locator("#interceptor-log");
        assertThat(log).containsText("interceptor: answered locally");

        button("Fail: “Please fail this one”").click();
        assertThat(logEntries("interceptor-log", "error")).containsText("\"type\":\"interceptor\"");
        assertThat(answers).hasCount(2, SLOW);

        button("Enrich: “What is a session?”").click();
        assertThat(log).containsText("interceptor: enriched");
        assertThat(log).containsText("\"plan\":\"pro\"");
        assertThat(answers).hasCount(3, SLOW);
        checkAndScreenshot("/demos/interceptor", "interceptor", 1);
    }

    @Test
    void embeddedModePutsTheChatInThePageLayout() {
        open("/demos/embedded", 1);
        Locator host = page.locator("#chat-host");
        Locator input = host.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Message"));
        assertThat(input).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"))).isHidden();
        input.fill("How do I embed the widget on my site?");
        input.press("Enter");
        assertThat(host.locator("[data-nx=messages] .nx-bot")).hasCount(1, SLOW);
        checkAndScreenshot("/demos/embedded", "embedded", 1);
    }
}
