import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import com.sun.net.httpserver.HttpServer;

/**
 * Widget benchmark: our widget beside peer chat widgets installed from npm at benchmark time (never part of our build),
 * each on a blank page in headless Chromium, every load in a fresh browser context (empty cache and storage):
 * bytes of the main script raw/gzip/brotli (compressed here at the best level for all), navigation → usable chat
 * input (a visible, enabled text field, checked every animation frame), long tasks until the page is idle, and JS heap
 * after a forced GC. For our widget also: launcher visible (floating), click → input focused, first answer chunk on
 * screen after Enter (echo engine), heap after a 50-message conversation.
 *
 * <pre>java -cp PLAYWRIGHT+BROTLI4J bench/WidgetBenchmark.java OUR_BASE_URL PEERS_NODE_MODULES OUT_DIR [loads]</pre>
 */
public class WidgetBenchmark {

    static final int PORT = Integer.getInteger("pages.port", 18090);
    static String ours;
    /** Every browser wait (navigation, selector, script promise) ends with an error after this long. */
    static final int WAIT_MS = 15_000;
    /** Messages of the long conversation whose heap is measured (the smoke run sends fewer). */
    static final int MESSAGES = Integer.getInteger("messages", 50);
    static Path peers;

    /** Finds the first visible, enabled text field in the page or any open shadow root; records when it appeared. */
    static final String PROBE = """
            (() => {
              window.__longtasks = [];
              try {
                new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); })
                  .observe({ type: 'longtask', buffered: true });
              } catch (e) {}
              const sel = 'textarea, input:not([type]), input[type=text], [contenteditable=""], [contenteditable=true]';
              const find = (root) => {
                for (const el of root.querySelectorAll(sel)) {
                  if (!el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden') return el;
                }
                for (const el of root.querySelectorAll('*')) {
                  if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
                }
                return null;
              };
              const tick = () => {
                if (find(document)) window.__usable = performance.now();
                else requestAnimationFrame(tick);
              };
              requestAnimationFrame(tick);
            })();
            """;

    record Widget(String name, String version, String page, Path script) {
    }

    record Load(double usable, int longTasks, double longTaskMs, double heapMb) {
    }

    public static void main(String[] args) throws Exception {
        ours = args[0];
        peers = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int loads = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        Files.createDirectories(out);
        Path ourScript = Files.createTempFile("nexus-chat-widget", ".js");
        HttpResponse<byte[]> bundle = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(ours + "/nexus-chat-widget.js"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (bundle.statusCode() != 200) {
            throw new IllegalStateException("GET /nexus-chat-widget.js answered " + bundle.statusCode());
        }
        Files.write(ourScript, bundle.body());

        List<Widget> widgets = new ArrayList<>();
        widgets.add(new Widget("nexus-chat", "this build", "ours.html", ourScript));
        addPeer(widgets, "deep-chat", "dist/deepChat.bundle.js");
        addPeer(widgets, "botframework-webchat", "dist/webchat.js");
        addPeer(widgets, "flowise-embed", "dist/web.js");

        HttpServer server = server();
        StringBuilder csv = new StringBuilder(
                "widget,version,raw,gzip,brotli,usable_p50,usable_p90,long_tasks,long_task_ms,heap_mb,loads\n");
        Map<String, String> extra = new LinkedHashMap<>();
        try (Playwright pw = Playwright.create()) {
            Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
                    .setExecutablePath(Path.of("/usr/bin/chromium")).setArgs(List.of("--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--enable-precise-memory-info")));
            for (Widget w : widgets) {
                log("%s: %d loads", w.name, loads);
                List<Load> runs = new ArrayList<>();
                for (int i = 0; i < loads; i++) {
                    Load l = load(browser, w);
                    if (l != null) {
                        runs.add(l);
                    }
                }
                long[] sizes = sizes(Files.readAllBytes(w.script));
                double[] usable = runs.stream().mapToDouble(Load::usable).sorted().toArray();
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d%n", w.name, w.version,
                        sizes[0], sizes[1], sizes[2], pct(usable, 50), pct(usable, 90),
                        runs.stream().mapToInt(Load::longTasks).average().orElse(Double.NaN),
                        runs.stream().mapToDouble(Load::longTaskMs).average().orElse(Double.NaN),
                        median(runs.stream().mapToDouble(Load::heapMb).toArray()), runs.size()));
            }
            log("nexus-chat: launcher, click → focus, first chunk, %d messages", MESSAGES);
            extra.putAll(ourExtras(browser, loads));
        } finally {
            server.stop(0);
        }
        Files.writeString(out.resolve("widgets.csv"), csv);
        StringBuilder ex = new StringBuilder("measure,value\n");
        extra.forEach((k, v) -> ex.append(k).append(',').append(v).append('\n'));
        Files.writeString(out.resolve("widget-extras.csv"), ex);
        System.out.print(csv);
        System.out.print(ex);
    }

    static void addPeer(List<Widget> widgets, String name, String script) throws IOException {
        Path pkg = peers.resolve(name);
        if (!Files.exists(pkg.resolve(script))) {
            log("%s not installed: skipped", name);
            return;
        }
        String json = Files.readString(pkg.resolve("package.json"));
        String version = json.replaceAll("(?s).*?\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        widgets.add(new Widget(name, version, name + ".html", pkg.resolve(script)));
    }

    /** One load in a fresh context; null when no usable input appeared within 15 s. */
    static Load load(Browser browser, Widget w) {
        try (BrowserContext context = context(browser)) {
            Page page = context.newPage();
            page.addInitScript(PROBE);
            page.navigate("http://127.0.0.1:" + PORT + "/" + w.page);
            try {
                page.waitForFunction("() => window.__usable", null,
                        new Page.WaitForFunctionOptions().setTimeout(15_000));
            } catch (RuntimeException e) {
                log("%s: no usable input (%s)", w.name, e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
            try {
                // Long tasks are counted until the network is idle, or 5 s at most (some widgets keep polling).
                page.waitForLoadState(LoadState.NETWORKIDLE, new Page.WaitForLoadStateOptions().setTimeout(5_000));
            } catch (RuntimeException stillBusy) {
                log("%s: network not idle after 5 s", w.name);
            }
            double usable = ((Number) page.evaluate("() => window.__usable")).doubleValue();
            @SuppressWarnings("unchecked")
            List<Number> tasks = (List<Number>) page.evaluate("() => window.__longtasks");
            return new Load(usable, tasks.size(), tasks.stream().mapToDouble(Number::doubleValue).sum(), heapMb(page));
        }
    }

    /** A fresh context (empty cache and storage) whose every wait is bounded. */
    static BrowserContext context(Browser browser) {
        BrowserContext context = browser.newContext();
        context.setDefaultTimeout(WAIT_MS);
        context.setDefaultNavigationTimeout(WAIT_MS);
        return context;
    }

    /** A script promise that fails after {@link #WAIT_MS} instead of waiting for ever (evaluate has no timeout). */
    static String bounded(String promiseBody) {
        return "() => new Promise((done, fail) => { setTimeout(() => fail(new Error('no result within " + WAIT_MS
                + " ms')), " + WAIT_MS + "); " + promiseBody + " })";
    }

    static double heapMb(Page page) {
        CDPSession cdp = page.context().newCDPSession(page);
        cdp.send("HeapProfiler.collectGarbage");
        JsonObject heap = cdp.send("Runtime.getHeapUsage");
        return heap.get("usedSize").getAsDouble() / 1024 / 1024;
    }

    /** Our widget only: the floating launcher, the click to a focused input, the first chunk, a long conversation. */
    static Map<String, String> ourExtras(Browser browser, int loads) {
        List<Double> launcher = new ArrayList<>();
        List<Double> focus = new ArrayList<>();
        List<Double> chunk = new ArrayList<>();
        List<Double> usableShell = new ArrayList<>();
        List<Double> afterInit = new ArrayList<>();
        for (int i = 0; i < loads; i++) {
            try (BrowserContext context = context(browser)) {
                Page page = context.newPage();
                page.navigate("http://127.0.0.1:" + PORT + "/ours-floating.html");
                page.waitForFunction("() => window.__launcher");
                launcher.add(((Number) page.evaluate("() => window.__launcher")).doubleValue());
                focus.add(((Number) page.evaluate(bounded("""
                        const root = document.querySelector('nexus-chat-widget').shadowRoot;
                        const t0 = performance.now();
                        root.querySelector('.nx-launcher').click();
                        const tick = () => root.activeElement?.tagName === 'TEXTAREA'
                          ? done(performance.now() - t0) : requestAnimationFrame(tick);
                        tick();"""))).doubleValue());
            }
            try (BrowserContext context = context(browser)) {
                Page page = context.newPage();
                page.navigate("http://127.0.0.1:" + PORT + "/ours.html");
                page.waitForFunction("() => window.__mounted");
                usableShell.add(((Number) page.evaluate("() => window.__mounted")).doubleValue());
                afterInit.add(((Number) page.evaluate("() => window.__mounted - performance.getEntriesByType("
                        + "'resource').find((e) => e.name.endsWith('/widget/init')).responseEnd")).doubleValue());
                chunk.add(((Number) page.evaluate(
                        bounded("""
                                const root = [...document.querySelectorAll('nexus-chat-widget')].at(-1).shadowRoot;
                                const input = root.querySelector('[data-nx=input]');
                                input.value = 'How fast is the first chunk?';
                                const t0 = performance.now();
                                input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
                                const tick = () => root.querySelector('[data-nx=messages] .nx-bot')
                                  ? done(performance.now() - t0) : requestAnimationFrame(tick);
                                tick();""")))
                        .doubleValue());
            }
        }
        double heap50;
        try (BrowserContext context = context(browser)) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + PORT + "/ours.html");
            page.waitForFunction("() => window.__mounted");
            // Each answer bounded: an error event or no messageComplete within the wait fails the run, never hangs it.
            page.evaluate(
                    """
                            async ([count, waitMs]) => {
                              for (let i = 0; i < count; i++) {
                                await new Promise((done, fail) => {
                                  const timer = setTimeout(() => fail(new Error('message ' + i + ': no answer')), waitMs);
                                  const offError = window.widget.on('error', (e) => {
                                    clearTimeout(timer); offError(); fail(new Error('message ' + i + ': ' + e.type + ' ' + e.message));
                                  });
                                  const off = window.widget.on('messageComplete', () => {
                                    clearTimeout(timer); off(); offError(); done();
                                  });
                                  window.widget.sendMessage('Message number ' + i + ': how do sessions work?');
                                });
                              }
                            }""",
                    List.of(MESSAGES, WAIT_MS));
            heap50 = heapMb(page);
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("launcher_visible_p50_ms", fmt(median(launcher)));
        m.put("click_to_focused_input_p50_ms", fmt(median(focus)));
        m.put("server_shell_mounted_p50_ms", fmt(median(usableShell)));
        m.put("init_response_end_to_shell_mounted_p50_ms", fmt(median(afterInit)));
        m.put("enter_to_first_chunk_p50_ms", fmt(median(chunk)));
        m.put("heap_after_" + MESSAGES + "_messages_mb", fmt(heap50));
        return m;
    }

    /** Pages on a blank origin: ours (from our server) and each peer (from its npm package), nothing else. */
    static HttpServer server() throws IOException {
        String head = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bench</title></head><body>";
        String box = "<div id=\"chat\" style=\"width:400px;height:600px\"></div>";
        String ourInit = "<script src=\"" + ours + "/nexus-chat-widget.js\"></script><script>"
                + "window.widget = NexusChatWidget.init({ experienceId: 'bench-widget'%s });"
                + "const mounted = () => [...document.querySelectorAll('nexus-chat-widget')].some((h) =>"
                + " h.shadowRoot.querySelector('[data-nx=root]'));"
                + "const watch = () => mounted() ? (window.__mounted = performance.now()) : requestAnimationFrame(watch);"
                + "requestAnimationFrame(watch);%s</script>";
        Map<String, String> pages = Map.of(
                "/ours.html", head + box + String.format(ourInit, ", mode: 'embedded', container: '#chat'", ""),
                "/ours-floating.html", head + String.format(ourInit, "",
                        "const l = () => { const b = document.querySelector('nexus-chat-widget')?.shadowRoot"
                                + "?.querySelector('.nx-launcher'); b && b.getClientRects().length"
                                + " ? (window.__launcher = performance.now()) : requestAnimationFrame(l); };"
                                + "requestAnimationFrame(l);"),
                "/deep-chat.html", head
                        + "<script type=\"module\" src=\"/peers/deep-chat/dist/deepChat.bundle.js\"></script>"
                        + "<deep-chat style=\"width:400px;height:600px\" demo=\"true\"></deep-chat>",
                "/botframework-webchat.html", head + box
                        + "<script src=\"/peers/botframework-webchat/dist/webchat.js\"></script><script>"
                        // An offline Direct Line: connected at once, never receives activities.
                        + "const never = { subscribe: () => ({ unsubscribe() {} }) };"
                        + "const online = { subscribe: (o) => { const n = typeof o === 'function' ? o : o.next.bind(o);"
                        + " n(0); n(1); n(2); return { unsubscribe() {} }; } };"
                        + "WebChat.renderWebChat({ directLine: { activity$: never, connectionStatus$: online,"
                        + " postActivity: () => never, end() {} } }, document.getElementById('chat'));</script>",
                "/flowise-embed.html", head + "<flowise-fullchatbot></flowise-fullchatbot><script type=\"module\">"
                        + "import Chatbot from '/peers/flowise-embed/dist/web.js';"
                        + "Chatbot.initFull({ chatflowid: 'offline', apiHost: 'http://127.0.0.1:9' });</script>");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 64);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (pages.containsKey(path)) {
                body = pages.get(path).getBytes();
                type = "text/html; charset=utf-8";
            } else if (path.startsWith("/peers/") && !path.contains("..")) {
                Path file = peers.resolve(path.substring("/peers/".length()));
                body = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
                type = path.endsWith(".css") ? "text/css" : "text/javascript; charset=utf-8";
            } else {
                body = null;
                type = "text/plain";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Raw, gzip (level 9) and brotli (quality 11) sizes. */
    static long[] sizes(byte[] raw) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            o.write(raw);
        }
        Brotli4jLoader.ensureAvailability();
        return new long[]{raw.length, gz.size(),
                Encoder.compress(raw, new Encoder.Parameters().setQuality(11)).length};
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return pct(s, 50);
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static void log(String fmt, Object... args) {
        System.out.printf("[widget-bench] " + fmt + "%n", args);
    }
}
