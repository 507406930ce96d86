package io.nexuschat.widget;

import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * One headless Chromium for the whole test run, started on first use and closed when the JVM exits. Uses the system
 * Chromium named by {@code NEXUS_TEST_CHROMIUM} (set by the pom's system-chromium profile), else Playwright's own.
 */
public final class SharedBrowser {

    private static Playwright playwright;
    private static Browser browser;

    private SharedBrowser() {
    }

    public static synchronized Browser get() {
        if (browser == null) {
            playwright = Playwright.create();
            BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run"));
            String chromium = System.getenv("NEXUS_TEST_CHROMIUM");
            if (chromium != null && !chromium.isBlank()) {
                options.setExecutablePath(Path.of(chromium));
            }
            browser = playwright.chromium().launch(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    browser.close();
                    playwright.close();
                } catch (RuntimeException ignored) {
                    // the JVM is exiting; the browser process dies with it anyway
                }
            }));
        }
        return browser;
    }
}
