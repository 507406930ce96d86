package io.nexuschat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The GDPR-friendly setup (fixture consent.html, {@code consent: {required: true}}): before consent nothing is written
 * to localStorage, sessionStorage or cookies and no event reaches {@code POST /api/v2/events}, while the chat works
 * from memory; {@code grantConsent()} (or, when allowed, the visitor's first message) writes what was kept and sends
 * the held events; {@code revokeConsent()} forgets every stored id.
 */
@QuarkusTest
class WidgetConsentBrowserTest extends BrowserScenario {

    /** When each request to the intake was seen ({@link System#nanoTime()}), and the names of its events. */
    record Intake(long at, String body) {
    }

    private final List<Intake> intake = new CopyOnWriteArrayList<>();

    @BeforeEach
    void watchTheIntake() {
        // On the context, so that a beacon sent while the page is hidden or left is seen too.
        context.route("**/api/v2/events", route -> {
            intake.add(new Intake(System.nanoTime(), route.request().postData()));
            route.fallback();
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> stored() {
        return (List<String>) page.evaluate("() => stored()");
    }

    private String cookies() {
        return (String) page.evaluate("() => document.cookie");
    }

    private String sessionId() {
        return (String) page.evaluate("() => widget.getSessionId()");
    }

    private void ask(String text) {
        int before = events("messageComplete").size();
        input().fill(text);
        input().press("Enter");
        waitForEvent("messageComplete", before + 1);
    }

    @Test
    void nothingIsStoredNorRelayedBeforeGrantConsentThenBothAre() {
        openFixture("consent");
        waitForWidgets(1);
        launcher().click();
        ask("How do I embed the widget?");
        // The page is hidden: an allowed relay would send what waits at once, by beacon.
        page.evaluate("() => hide()");
        assertThat(sessionId()).as("the chat works from memory").isNotNull();
        assertThat(stored()).isEmpty();
        assertThat(cookies()).isEmpty();

        long granted = System.nanoTime();
        page.evaluate("() => widget.grantConsent()");
        page.waitForCondition(() -> intake.stream().anyMatch(r -> r.body().contains("\"messageComplete\"")));
        assertThat(intake).as("nothing reached the intake before consent")
                .allSatisfy(r -> assertThat(r.at()).isGreaterThan(granted));
        assertThat(intake.get(0).body()).as("the events held before consent are sent on grant")
                .contains("\"open\"", "\"sessionStart\"", "\"messageStart\"");
        assertThat(stored()).contains("local:nexus-chat:demo:session", "local:nexus-chat:demo:consent");
        assertThat(page.evaluate("() => JSON.parse(localStorage.getItem('nexus-chat:demo:session'))"))
                .isEqualTo(sessionId());
        assertThat(cookies()).isEmpty();

        // The grant is remembered: the next page resumes the conversation at once.
        String id = sessionId();
        page.reload();
        waitForWidgets(1);
        assertThat(sessionId()).isEqualTo(id);
    }

    @Test
    void revokeConsentForgetsStoredIdsAndStopsStoring() {
        openFixture("consent");
        waitForWidgets(1);
        page.evaluate("() => widget.grantConsent()");
        launcher().click();
        ask("How do I embed the widget?");
        assertThat(stored()).contains("local:nexus-chat:demo:session");

        page.evaluate("() => widget.revokeConsent()");
        assertThat(stored()).isEmpty();
        ask("Which events does the widget emit?");
        assertThat(stored()).as("nothing is stored after revokeConsent").isEmpty();

        page.reload();
        waitForWidgets(1);
        assertThat(sessionId()).as("the forgotten session is not resumed").isNull();
        assertThat(stored()).isEmpty();
    }

    @Test
    void withGrantOnFirstMessageTheVisitorsMessageGrantsConsent() {
        openFixture("consent?byMessage");
        waitForWidgets(1);
        launcher().click();
        assertThat(stored()).isEmpty();
        // A message sent from code is not the visitor's consent.
        page.evaluate("() => widget.sendMessage('Which events does the widget emit?')");
        waitForEvent("messageComplete");
        assertThat(stored()).isEmpty();

        ask("How do I embed the widget?");
        assertThat(stored()).contains("local:nexus-chat:demo:session", "local:nexus-chat:demo:consent");
        page.waitForCondition(() -> intake.stream().anyMatch(r -> r.body().contains("\"messageComplete\"")));
    }

    @ParameterizedTest
    @CsvSource({"session, session:nexus-chat:demo:session", "none, "})
    void theStorageOptionChoosesWhereTheWidgetKeepsItsState(String storage, String expected) {
        openFixture("consent?storage=" + storage);
        waitForWidgets(1);
        page.evaluate("() => widget.grantConsent()");
        launcher().click();
        ask("How do I embed the widget?");
        if (expected == null) {
            assertThat(stored()).isEmpty();
        } else {
            assertThat(stored()).contains(expected).allSatisfy(k -> assertThat(k).startsWith("session:"));
        }
    }
}
