package io.nexuschat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ReducedMotion;

import io.nexuschat.widget.SharedBrowser;

/**
 * Shared set-up of the demo site's browser tests: the test JVM's one headless Chromium ({@link SharedBrowser}: the system one named by
 * {@code NEXUS_TEST_CHROMIUM}, else Playwright's), a fresh context per test at 1280×800, uncaught page errors and
 * console errors (CSP violations among them) fail the test, and helpers that check a page with axe and save its
 * screenshots at 1280×800 and 390×844 under {@code target/screenshots/}.
 */
abstract class DemoBrowser {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The first answer of a fresh server (knowledge base loaded on first use) on a busy machine takes a while. */
    static final LocatorAssertions.HasCountOptions SLOW = new LocatorAssertions.HasCountOptions().setTimeout(30_000);
    /** {@link #SLOW}, for a text that comes with an answer. */
    static final LocatorAssertions.HasTextOptions SLOW_TEXT = new LocatorAssertions.HasTextOptions()
            .setTimeout(30_000);

    private static Browser browser;

    protected BrowserContext context;
    protected Page page;
    protected final List<String> pageErrors = new ArrayList<>();
    protected final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void launch() {
        // The one Chromium of the test JVM, shared with the widget's browser tests (closed when the JVM exits).
        browser = SharedBrowser.get();
    }

    @BeforeEach
    void newContext() {
        context = newContext(1280, 800);
        page = context.newPage();
        watch(page);
    }

    @AfterEach
    void closeContext() {
        try {
            assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
            // A failed request is logged as a console error too; the pages make some on purpose (a 403 for another
            // user's session, a 404 before a session is stored), so only those are allowed.
            assertThat(consoleErrors).as("console errors (CSP violations among them)")
                    .allMatch(m -> m.startsWith("Failed to load resource: the server responded with a status of 4"));
        } finally {
            context.close();
        }
    }

    protected BrowserContext newContext(int width, int height) {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        c.setDefaultTimeout(10_000);
        return c;
    }

    protected void watch(Page p) {
        p.onPageError(e -> pageErrors.add(e));
        p.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text());
            }
        });
    }

    /** The button named exactly {@code name}. */
    protected Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** The checkbox named exactly {@code name}. */
    protected Locator checkbox(String name) {
        return page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static String baseUrl() {
        return ConfigProvider.getConfig().getValue("test.url", String.class);
    }

    /** Opens a page of the demo site and waits until its {@code count} widgets have mounted. */
    protected void open(String path, int widgets) {
        page.navigate(baseUrl() + path);
        waitForWidgets(page, widgets);
    }

    protected static void waitForWidgets(Page p, int count) {
        p.waitForFunction("n => [...document.querySelectorAll('nexus-chat-widget')]"
                + ".filter(h => h.shadowRoot && h.shadowRoot.querySelector('[data-nx=root]')).length >= n", count);
    }

    /** Zero axe violations (WCAG 2.1 A and AA) on the page as it is now. */
    protected static void assertAccessible(Page p) {
        // Colours half-way through an animation (a panel fading in, perhaps started a moment after a click) are not
        // the page's colours: axe checks the page as a visitor who prefers reduced motion sees it, without animations.
        p.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        AxeResults results = new AxeBuilder(p).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        p.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.NO_PREFERENCE));
        assertThat(results.getViolations()).as(() -> p.url() + ": " + results.getViolations()).isEmpty();
    }

    /**
     * Checks the page with axe and saves it at 1280×800 as {@code <name>-1280x800.png}; then opens it again in a
     * 390×844 phone viewport (pages decide their phone layout when they start), checks that with axe too, and saves
     * {@code <name>-390x844.png}. Nothing on the page may scroll sideways at 390 or 360 px.
     */
    protected void checkAndScreenshot(String path, String name, int widgets) {
        assertAccessible(page);
        page.evaluate("() => window.scrollTo(0, 0)");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-1280x800.png")));
        BrowserContext phone = newContext(390, 844);
        try {
            Page p = phone.newPage();
            watch(p);
            p.navigate(baseUrl() + path);
            waitForWidgets(p, widgets);
            assertThat((Boolean) p.evaluate("() => document.documentElement.scrollWidth <= innerWidth"))
                    .as("%s scrolls sideways at 390 px", path).isTrue();
            assertAccessible(p);
            p.evaluate("() => window.scrollTo(0, 0)");
            p.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-390x844.png")));
            p.setViewportSize(360, 740);
            assertThat((Boolean) p.evaluate("() => document.documentElement.scrollWidth <= innerWidth"))
                    .as("%s scrolls sideways at 360 px", path).isTrue();
        } finally {
            phone.close();
        }
    }
}
