package io.nexuschat.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

import io.mvnpm.esbuild.Bundler;
import io.mvnpm.esbuild.model.BundleOptions;
import io.mvnpm.esbuild.model.BundleResult;
import io.mvnpm.esbuild.model.EsBuildConfig;

/**
 * Builds the widget bundle from {@code web/src} with esbuild (no Node needed): the minified IIFE with its CSS embedded
 * as a string, the queueing snippet, the integrators' {@code nexus-chat-widget.d.ts} (from {@code types.ts}) and a size
 * report. Run by Maven at {@code generate-resources} as a single-file
 * program: {@code java -cp <build classpath> WidgetBundler.java <web/src> <work dir> <output dir>}. Fails the build
 * when the bundle or the snippet is over budget, or when the TypeScript does not type-check (esbuild only strips
 * types; the check runs the Deno binary esbuild-java unpacked, with {@code web/deno.json}).
 */
public class WidgetBundler {

    /**
     * Budget of the widget (JS with its CSS, chunks not counted), brotli-compressed at the best quality: the build fails
     * above it. Issue 12's target is {@link #WIDGET_BROTLI_TARGET}; until the widget meets it, the budget holds it where
     * it is (17.5 KB), so that it can only shrink: what a new feature adds must be paid for, or go into a chunk.
     */
    static final int WIDGET_BROTLI_BUDGET = 17_920;
    /** Where the widget should be (16 KB brotli), printed beside the budget in the size report. */
    static final int WIDGET_BROTLI_TARGET = 16 * 1024;
    /** Budget of the snippet, minified (raw). */
    static final int SNIPPET_RAW_BUDGET = 1024;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WidgetBundler <web/src> <work dir> <output dir>");
            System.exit(2);
        }
        Path source = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]).toAbsolutePath();
        long started = System.nanoTime();

        String css = bundle(source, work.resolve("css"), "ui/styles.css", null, Map.of());
        // Each chunk is named in the widget by a placeholder, replaced by its content-hashed file name once the chunk
        // is built (after the widget, whose mangled names the chunks must share).
        List<String> chunkNames = chunkNames(source);
        Map<String, String> placeholders = new LinkedHashMap<>();
        chunkNames.forEach(name -> placeholders.put(name, "nexus-chat-widget-" + name + ".js"));
        Path mangleCache = work.resolve("mangle-cache.json");
        Files.deleteIfExists(mangleCache);
        String widget = terse(mangle(bundle(source, work.resolve("widget"), "main.ts", EsBuildConfig.Format.IIFE,
                Map.of("__NX_CSS__", jsonString(css.strip()), "__NX_CHUNKS__", toJsonObject(placeholders))), work,
                mangleCache), false, work);
        Map<String, String> chunks = new LinkedHashMap<>();
        for (String name : chunkNames) {
            // A chunk's own styles (chunks/<name>.css, optional) are its __NX_CSS__, as styles.css is the widget's.
            Map<String, String> chunkDefines = Files.exists(source.resolve("chunks/" + name + ".css"))
                    ? Map.of("__NX_CSS__", jsonString(bundle(source, work.resolve("css-" + name),
                            "chunks/" + name + ".css", null, Map.of()).strip()))
                    : Map.of();
            String code = terse(mangle(bundle(source, work.resolve("chunk-" + name), "chunks/" + name + ".ts",
                    EsBuildConfig.Format.ESM, chunkDefines), work, mangleCache), true, work);
            String file = "nexus-chat-widget-" + name + "." + sha256(code).substring(0, 16) + ".js";
            widget = replaceOnce(widget, jsonString(placeholders.get(name)), jsonString(file));
            chunks.put(file, code);
        }
        String snippet = bundle(source, work.resolve("snippet"), "snippet.ts", EsBuildConfig.Format.IIFE, Map.of());
        typeCheck(source, work);
        String declarations = declarations(Files.readString(source.resolve("types.ts")));
        checkDeclarations(declarations, source, work.resolve("dts"));

        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path f : old.filter(f -> f.getFileName().toString().startsWith("nexus-chat-widget-")).toList()) {
                Files.delete(f);
            }
        }
        Files.writeString(out.resolve("nexus-chat-widget.js"), widget);
        Files.writeString(out.resolve("nexus-chat-snippet.js"), snippet);
        Files.writeString(out.resolve("nexus-chat-widget.d.ts"), declarations);
        for (var c : chunks.entrySet()) {
            Files.writeString(out.resolve(c.getKey()), c.getValue());
        }
        // The chunks the server serves (WidgetChunks), one file name a line.
        Files.writeString(out.resolve("chunks.txt"), chunks.keySet().stream().map(f -> f + "\n")
                .reduce("", String::concat));

        Brotli4jLoader.ensureAvailability();
        // Served as they are to browsers that accept them (WidgetBundleResource): compressed once, at the best level.
        List<String> compressed = new ArrayList<>(List.of("nexus-chat-widget.js", "nexus-chat-snippet.js"));
        compressed.addAll(chunks.keySet());
        for (String name : compressed) {
            byte[] raw = Files.readAllBytes(out.resolve(name));
            Files.write(out.resolve(name + ".br"), brotli(raw));
            Files.write(out.resolve(name + ".gz"), gzip(raw));
        }
        Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
        sizes.put("nexus-chat-widget.js", sizes(widget));
        sizes.put("css (embedded in the widget)", sizes(css));
        sizes.put("nexus-chat-snippet.js", sizes(snippet));
        StringBuilder lazy = new StringBuilder();
        for (var c : chunks.entrySet()) {
            Map<String, Integer> size = sizes(c.getValue());
            sizes.put(c.getKey() + " (lazily loaded, not in the widget)", size);
            lazy.append(lazy.isEmpty() ? "; lazily loaded, not counted above: " : ", ").append(c.getKey())
                    .append(' ').append(size.get("raw")).append(" B raw, ").append(size.get("brotli"))
                    .append(" B brotli");
        }
        Files.writeString(out.resolve("bundle-sizes.json"), toJson(sizes));

        Map<String, Integer> w = sizes.get("nexus-chat-widget.js");
        Map<String, Integer> s = sizes.get("nexus-chat-snippet.js");
        System.out.printf("[widget] nexus-chat-widget.js (JS+CSS) %d B raw, %d B gzip, %d B brotli (budget %d, target"
                + " %d)%s; snippet %d B raw, %d B brotli (budget %d raw); built in %d ms%n", w.get("raw"),
                w.get("gzip"), w.get("brotli"), WIDGET_BROTLI_BUDGET, WIDGET_BROTLI_TARGET, lazy, s.get("raw"),
                s.get("brotli"), SNIPPET_RAW_BUDGET, (System.nanoTime() - started) / 1_000_000);
        if (w.get("brotli") > WIDGET_BROTLI_BUDGET || s.get("raw") > SNIPPET_RAW_BUDGET) {
            System.err.println("[widget] over budget: see " + out.resolve("bundle-sizes.json"));
            System.exit(1);
        }
    }

    /** The chunks: every {@code chunks/<name>.ts} of the source tree, an ES module loaded by the widget when used. */
    static List<String> chunkNames(Path source) throws IOException {
        Path dir = source.resolve("chunks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[a-z][a-z0-9-]*\\.ts"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
    }

    /** {@code text} with its one occurrence of {@code what} replaced; fails when there is none or more than one. */
    static String replaceOnce(String text, String what, String with) throws IOException {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) {
            throw new IOException("expected " + what + " exactly once in the widget bundle");
        }
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    /**
     * What esbuild reads from a {@code tsconfig.json} beside the sources (Deno's checks use {@code web/deno.json}):
     * class fields are compiled as assignments in the constructor, so a field declared without a value costs nothing
     * in the bundle (with define semantics, esbuild's default for modern targets, each is a declaration of its own). The
     * code never relies on the difference: no field shadows an accessor, no class is inspected for its own keys.
     */
    static final String TSCONFIG = "{\"compilerOptions\": {\"useDefineForClassFields\": false}}\n";

    /**
     * Bundles one entry of the source tree. esbuild-java copies only the entry file to its work dir, so the whole tree
     * is copied there first and the entry resolved inside it (then nothing else is copied).
     */
    static String bundle(Path source, Path work, String entry, EsBuildConfig.Format format,
            Map<String, String> defines) throws IOException {
        deleteTree(work);
        copyTree(source, work);
        Files.writeString(work.resolve("tsconfig.json"), TSCONFIG);
        var config = EsBuildConfig.builder().bundle().minify().sourceMap(false).splitting(false).fixedEntryNames()
                .loader(EsBuildConfig.builder().getDefaultLoadersMap());
        if (format != null) {
            config.format(format);
        }
        defines.forEach(config::define);
        BundleOptions options = BundleOptions.builder().withWorkDir(work).addEntryPoint(work, entry)
                .withEsConfig(config.build()).build();
        BundleResult result = Bundler.bundle(options, true);
        String name = entry.substring(entry.lastIndexOf('/') + 1).replaceFirst("\\.ts$", ".js");
        Path file;
        try (Stream<Path> files = Files.walk(result.dist())) {
            file = files.filter(f -> f.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException("esbuild produced no " + name + " in " + result.dist()));
        }
        return Files.readString(file);
    }

    /**
     * Internal member names of the widget's classes, shortened in the bundle (esbuild {@code --mangle-props}). Only
     * names that are never serialised (storage, other tabs, requests), never read from the server's JSON, never part of
     * the public API ({@code types.ts}) or the DOM, and never accessed with a string key: a name added here must keep
     * all four true.
     */
    static final List<String> INTERNAL_PROPERTIES = List.of(
            "acceptDisclaimer", "announce", "announcedId", "answerParts", "begin", "box", "busy", "commentForm",
            "connectivity", "contextOf", "delivery", "destroyed", "disclaimerKey", "env", "experienceStorage",
            "focusInput", "gated", "held", "inFlight", "initTimer", "initTries", "lastSize", "lifetime", "lockName",
            "markUsed", "mine", "mount", "onOnline", "onStorage", "onSync", "receive", "Recognition", "reportApi",
            "restoreSize", "schedule", "setInput", "setMode", "setSession", "showSkeleton", "showWelcome", "sid",
            "skeleton", "skinKey", "speaker", "startedAt", "starting", "statusTimers", "takeOver", "taps", "tell",
            "textOf", "timer", "tries", "unshow", "userStatus", "voiceAvailable", "warned", "welcomeUsed",
            "withRetries",
            // consent.ts, modes.ts, disclaimer.ts, startup.ts, teaser.ts, unread.ts
            "acceptedElsewhere", "area", "areas", "boot", "byMessage", "consentGate", "dismissed", "early", "forget",
            "gate", "granted", "hold", "memory", "modeChanged", "modes", "own", "persist", "plan", "say", "sent",
            "skeletonGated", "stores", "storesLocally", "toggleMaximized", "toggleMinimized", "waiting", "write",
            // the widget as its modules see it (context.ts), and members of the conversation, view, relay, emitter
            "api", "buffer", "buttons", "config", "count", "dead", "effect", "embedded", "emit", "events", "fail",
            "fixed", "items", "list", "listeners", "model", "ready", "root", "show", "shown", "stored", "view",
            "words");

    /**
     * Shortens {@link #INTERNAL_PROPERTIES} with the esbuild binary esbuild-java unpacked (esbuild-java has no option
     * for it). {@code cache} keeps the names chosen, so the widget and its chunks, mangled one after the other with the
     * same cache, agree on them. Where there is no binary (another platform layout) the code stays as it is, with a
     * note.
     */
    static String mangle(String bundle, Path work, Path cache) throws IOException, InterruptedException {
        Path esbuild;
        try (Stream<Path> files = Files.walk(work)) {
            esbuild = files.filter(f -> f.getFileName().toString().matches("esbuild(\\.exe)?")
                    && f.getParent().getFileName().toString().equals("bin") && f.toString().contains("@esbuild")
                    && Files.isExecutable(f)).findFirst().orElse(null);
        }
        if (esbuild == null) {
            System.out.println("[widget] property mangling skipped: esbuild-java installed no esbuild binary");
            return bundle;
        }
        Path in = work.resolve("mangle-in.js");
        Path out = work.resolve("mangle-out.js");
        Files.writeString(in, bundle);
        Process p = new ProcessBuilder(esbuild.toString(), in.toString(), "--minify", "--log-level=warning",
                "--mangle-props=^(" + String.join("|", INTERNAL_PROPERTIES) + ")$", "--mangle-cache=" + cache,
                "--outfile=" + out)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.err.println(output);
            throw new IOException("esbuild --mangle-props failed");
        }
        return Files.readString(out);
    }

    /** Where terser's browser build is inside its Maven Central jar (org.mvnpm:terser), by version. */
    static final String TERSER = "META-INF/resources/_static/terser/%s/dist/bundle.min.js";

    /** Runs terser's {@code minify} on one file with the Deno binary esbuild-java unpacked (argv: in, out, esm|iife). */
    static final String TERSER_DRIVER = """
            import './terser.js';
            const [input, output, format] = Deno.args;
            const r = await globalThis.Terser.minify(await Deno.readTextFile(input), {
              ecma: 2020,
              module: format === 'esm',
              compress: { passes: 2 },
              mangle: true,
              format: { comments: false },
            });
            await Deno.writeTextFile(output, r.code);
            """;

    /** The Deno binary that runs terser, once found (null: not set up yet). */
    static Path terserDeno;

    /**
     * A last pass of terser (from the build classpath, {@code org.mvnpm:terser}) over esbuild's minified output: its
     * compressor and its choice of short names take some 300 B more off the widget once brotli-compressed (esbuild has
     * no option for either). Property names are left alone ({@link #mangle} chose them, shared with the chunks);
     * {@code module}: an ES module (a chunk), whose exports keep their names. Where terser or Deno is missing the code
     * stays as esbuild made it, with a note.
     */
    static String terse(String code, boolean module, Path work) throws IOException, InterruptedException {
        Path dir = work.resolve("terser");
        if (terserDeno == null) {
            String version = null;
            try (var in = WidgetBundler.class.getClassLoader()
                    .getResourceAsStream("META-INF/maven/org.mvnpm/terser/pom.properties")) {
                if (in != null) {
                    var props = new java.util.Properties();
                    props.load(in);
                    version = props.getProperty("version");
                }
            }
            var terser = version == null
                    ? null
                    : WidgetBundler.class.getClassLoader().getResourceAsStream(TERSER.formatted(version));
            Path deno = findDeno(work);
            if (terser == null || deno == null) {
                String why = terser == null ? "no org.mvnpm:terser on the build classpath" : "no deno binary";
                System.out.println("[widget] terser pass skipped: " + why);
                return code;
            }
            Files.createDirectories(dir);
            try (terser) {
                Files.write(dir.resolve("terser.js"), terser.readAllBytes());
            }
            Files.writeString(dir.resolve("run.mjs"), TERSER_DRIVER);
            terserDeno = deno;
        }
        Path in = dir.resolve("in.js");
        Path out = dir.resolve("out.js");
        Files.writeString(in, code);
        Files.deleteIfExists(out);
        ProcessBuilder run = new ProcessBuilder(terserDeno.toString(), "run", "--quiet", "--no-config",
                "--no-lock", "--allow-read=" + dir, "--allow-write=" + dir, dir.resolve("run.mjs").toString(),
                in.toString(), out.toString(), module ? "esm" : "iife").redirectErrorStream(true);
        run.environment().put("NO_COLOR", "1");
        Process p = run.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.err.println(output);
            throw new IOException("terser failed");
        }
        return Files.readString(out);
    }

    /**
     * Type-checks the entries with {@code deno check} (strict, DOM libs, from {@code web/deno.json}). The binary is the
     * one esbuild-java installed under the work dir; where it did not (another platform layout), the check is skipped
     * with a note rather than failing a build that bundled fine.
     */
    static void typeCheck(Path source, Path work) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path deno = findDeno(work);
        if (deno == null) {
            System.out.println("[widget] type check skipped: esbuild-java installed no deno binary under " + work);
            return;
        }
        denoCheck(deno, source.resolveSibling("deno.json"), "TypeScript type check failed (web/deno.json)",
                source.resolve("main.ts"), source.resolve("snippet.ts"));
        System.out.printf("[widget] TypeScript type-checked in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The integrators' declaration file, from {@code types.ts}: its types inside {@code namespace NexusChatWidget}, and
     * the global {@code NexusChatWidget} (also on {@code Window}). A script, not a module, so it can be dropped into a
     * project or referenced with {@code /// <reference path>}. {@code types.ts} must stay type-only: a value
     * declaration or an import fails the build, since it would not exist at run time in a consumer's project.
     */
    static String declarations(String types) throws IOException {
        var runtime = Pattern.compile(
                "^(import\\b|export\\s+(const|let|var|function|class|enum|default|\\{|\\*)|(const|let|var|function|class|enum)\\b)",
                Pattern.MULTILINE).matcher(types);
        if (runtime.find()) {
            throw new IOException("web/src/types.ts must be type-only (it becomes nexus-chat-widget.d.ts), found: "
                    + types.substring(runtime.start(), types.indexOf('\n', runtime.start())));
        }
        StringBuilder body = new StringBuilder();
        types.strip().lines().forEach(line -> body.append(line.isBlank() ? "" : "  " + line).append('\n'));
        return """
                /**
                 * Types of the Nexus Chat widget for TypeScript projects: the global `NexusChatWidget` (also
                 * `window.NexusChatWidget`) and, in the namespace of the same name, `WidgetConfig`, the instance and
                 * every event payload (`NexusChatWidget.WidgetEventMap`). Generated from web/src/types.ts by the build.
                 */
                declare namespace NexusChatWidget {
                %s}

                /** The widget's only global, installed by nexus-chat-widget.js (or, until it loads, by the snippet). */
                declare var NexusChatWidget: NexusChatWidget.NexusChatWidgetGlobal;

                interface Window {
                  /** The widget's only global. */
                  NexusChatWidget: NexusChatWidget.NexusChatWidgetGlobal;
                }
                """.formatted(body);
    }

    /** A consumer of the declaration file: must type-check, and each {@code @ts-expect-error} must be an error. */
    static final String DECLARATIONS_CONSUMER = """
            /// <reference path="./nexus-chat-widget.d.ts" />
            const config: NexusChatWidget.WidgetConfig = { experienceId: 'demo', theme: 'dark', mode: 'floating' };
            const widget: NexusChatWidget.NexusChatWidgetInstance = window.NexusChatWidget.init(config);
            const off: () => void = widget.on('messageComplete', (d) => console.log(d.answer.length, d.duration));
            off();
            widget.on('sessionStart', (d) => console.log(d.sessionId, d.metadata.trigger));
            const id: string | null = NexusChatWidget.init({ experienceId: 'demo' }).startNewSession();
            console.log(id, NexusChatWidget.version);
            // @ts-expect-error experienceId is required
            NexusChatWidget.init({ theme: 'light' });
            // @ts-expect-error not an event of the widget
            widget.on('nope', () => {});
            // @ts-expect-error a chunk carries no answer
            widget.on('messageChunk', (d) => console.log(d.answer));
            """;

    /**
     * Type-checks the declaration file with a consumer ({@link #DECLARATIONS_CONSUMER}) under the widget's compiler
     * options, so a declaration that does not compile on its own, or types that stopped being strict, fail the build.
     */
    static void checkDeclarations(String declarations, Path source, Path work)
            throws IOException, InterruptedException {
        Path deno = findDeno(work.getParent());
        if (deno == null) {
            System.out.println("[widget] .d.ts check skipped: esbuild-java installed no deno binary under " + work);
            return;
        }
        deleteTree(work);
        Files.createDirectories(work);
        Files.writeString(work.resolve("nexus-chat-widget.d.ts"), declarations);
        Files.writeString(work.resolve("consumer.ts"), DECLARATIONS_CONSUMER);
        denoCheck(deno, source.resolveSibling("deno.json"), "nexus-chat-widget.d.ts does not type-check (see " + work
                + ")", work.resolve("consumer.ts"));
        System.out.printf("[widget] nexus-chat-widget.d.ts (%d B) type-checked with a consumer%n",
                declarations.getBytes(StandardCharsets.UTF_8).length);
    }

    static Path findDeno(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(f -> f.getFileName().toString().matches("deno(\\.exe)?") && Files.isExecutable(f)
                    && f.toString().contains("@deno")).findFirst().orElse(null);
        }
    }

    static void denoCheck(Path deno, Path config, String failure, Path... files)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(deno.toString(), "check", "--quiet", "--sloppy-imports",
                "--config", config.toString()));
        for (Path f : files) {
            command.add(f.toString());
        }
        ProcessBuilder check = new ProcessBuilder(command).redirectErrorStream(true);
        check.environment().put("NO_COLOR", "1");
        check.environment().put("RUST_BACKTRACE", "0");
        Process p = check.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.err.println(output);
            System.err.println("[widget] " + failure);
            System.exit(1);
        }
    }

    static Map<String, Integer> sizes(String content) throws IOException {
        byte[] raw = content.getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("raw", raw.length);
        m.put("gzip", gzip(raw).length);
        m.put("brotli", brotli(raw).length);
        return m;
    }

    /** gzip at the best compression level. */
    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(raw);
        }
        return gz.toByteArray();
    }

    /** Brotli at the best quality (11), as browsers decode it. */
    static byte[] brotli(byte[] raw) throws IOException {
        return Encoder.compress(raw, new Encoder.Parameters().setQuality(11));
    }

    static String toJson(Map<String, Map<String, Integer>> sizes) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (var e : sizes.entrySet()) {
            var v = e.getValue();
            sb.append("  ").append(jsonString(e.getKey())).append(": {\"raw\": ").append(v.get("raw"))
                    .append(", \"gzip\": ").append(v.get("gzip")).append(", \"brotli\": ").append(v.get("brotli"))
                    .append(++i < sizes.size() ? "},\n" : "}\n");
        }
        return sb.append("}\n").toString();
    }

    static String toJsonObject(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(jsonString(k)).append(':')
                .append(jsonString(v)));
        return sb.append('}').toString();
    }

    static String sha256(String content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<') {
                        // '<' escaped so "</style>"-like sequences can never end a surrounding element.
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
