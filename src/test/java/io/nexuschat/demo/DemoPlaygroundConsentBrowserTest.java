package io.nexuschat.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground's storage and consent controls: with consent required the widget stores nothing (localStorage,
 * sessionStorage, cookies) and relays nothing until the page calls {@code grantConsent()}; {@code revokeConsent()}
 * forgets it all; the page's view of the storage shows exactly that, as text.
 */
@QuarkusTest
class DemoPlaygroundConsentBrowserTest extends DemoBrowser {

    private static final String NOTHING = "Nothing stored: no localStorage, no sessionStorage, no cookies.";

    /** Every key of this origin's localStorage and sessionStorage, and the cookies, as the browser has them. */
    @SuppressWarnings("unchecked")
    private List<String> stored() {
        return (List<String>) page.evaluate("() => [...Object.keys(localStorage).map(k => 'local:' + k),"
                + " ...Object.keys(sessionStorage).map(k => 'session:' + k),"
                + " ...document.cookie.split(';').filter(c => c.trim()).map(c => 'cookie:' + c.trim())]");
    }

    @Test
    void withConsentRequiredNothingIsStoredOrRelayedUntilGrantAndRevokeForgetsIt() {
        open("/demos/playground", 1);
        // Without consent required the widget stores at once (its remembered look, at least).
        page.waitForFunction("() => localStorage.length > 0");
        assertThat(page.locator("#stored tbody")).containsText("nexus-chat:demo:");
        Locator byMessage = checkbox("the visitor's first message grants it");
        assertThat(byMessage).isDisabled();

        // Requiring consent revokes it for the widget that ran before: the page starts from nothing stored.
        checkbox("consent required").check();
        assertThat(page).hasURL(Pattern.compile("consent=required"));
        assertThat(page.locator("#restarts"))
                .containsText("revokeConsent() removed what the previous widget had stored");
        assertThat(page.locator("#stored-summary")).hasText(NOTHING);
        assertThat(page.locator("#snippet")).containsText("consent: {");
        assertThat(page.locator("#snippet")).containsText("required: true");
        assertThat(page.locator("#snippet")).containsText("// widget.grantConsent();");
        assertThat(byMessage).isEnabled();

        // A whole conversation before consent: it works from memory, nothing is stored and nothing relayed.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
        Locator input = page.getByRole(AriaRole.TEXTBOX,
                new Page.GetByRoleOptions().setName("Message").setExact(true));
        input.fill("How do I embed the widget on my site?");
        input.press("Enter");
        assertThat(page.locator("[data-nx=messages] .nx-msg.nx-bot")).hasCount(1, SLOW);
        page.waitForTimeout(1500); // longer than the relay's one-second batching: a relayed batch would be seen
        assertThat(stored()).isEmpty();
        assertThat(page.locator("#stored-summary")).hasText(NOTHING);
        assertThat(page.locator("#relayed")).hasText("0");
        assertAccessible(page);

        button("widget.grantConsent()").click();
        assertThat(page.locator("#consent-status")).containsText("grantConsent()");
        assertThat(page.locator("#stored tbody")).containsText("nexus-chat:demo:session");
        assertThat(page.locator("#stored tbody")).containsText("nexus-chat:demo:consent");
        assertThat(page.locator("#stored-summary")).containsText("in localStorage");
        assertThat(stored()).contains("local:nexus-chat:demo:session", "local:nexus-chat:demo:consent")
                .noneMatch(k -> k.startsWith("cookie:"));
        assertThat(page.locator("#relayed")).not().hasText("0");

        button("widget.revokeConsent()").click();
        assertThat(page.locator("#stored-summary")).hasText(NOTHING);
        assertThat(stored()).isEmpty();
        assertThat(page.locator("#stored-wrap")).isHidden();
        checkAndScreenshot("/demos/playground?consent=required", "playground-consent", 1);
    }

    @Test
    void theStorageOptionChoosesSessionStorageAndTheViewShowsValuesAsText() {
        open("/demos/playground?storage=session", 1);
        assertThat(page.getByLabel("Storage", new Page.GetByLabelOptions().setExact(true))).hasValue("session");
        assertThat(page.locator("#snippet")).containsText("storage: \"session\"");
        page.waitForFunction("() => sessionStorage.length > 0");
        assertThat(stored()).isNotEmpty().allMatch(k -> k.startsWith("session:"));
        assertThat(page.locator("#stored tbody tr").first()).containsText("sessionStorage");

        // Whatever is stored is shown as text, never as markup.
        page.evaluate("() => localStorage.setItem('nexus-chat:probe', '<img src=x alt=probe>')");
        assertThat(page.locator("#stored tbody")).containsText("<img src=x alt=probe>");
        assertThat(page.locator("#stored img")).hasCount(0);
    }

    @Test
    void aSharedLinkCanOnlyChooseOfferedValues() {
        open("/demos/playground?storage=cookies&theme=%3Cb%3E&primary=red", 1);
        assertThat(page.getByLabel("Storage", new Page.GetByLabelOptions().setExact(true))).hasValue("local");
        assertThat(page.getByLabel("Theme", new Page.GetByLabelOptions().setExact(true))).hasValue("light");
        assertThat(page.getByLabel("Primary colour", new Page.GetByLabelOptions().setExact(true))).hasValue("");
        assertThat(page.locator("#snippet")).containsText("theme: \"light\"");
        assertThat(page.locator("#snippet")).not().containsText("storage:");
    }
}
