package io.nexuschat.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * as a string, the queueing snippet, and a size report. Run by Maven at {@code generate-resources} as a single-file
 * program: {@code java -cp <build classpath> WidgetBundler.java <web/src> <work dir> <output dir>}. Fails the build
 * when the bundle or the snippet is over budget, or when the TypeScript does not type-check (esbuild only strips
 * types; the check runs the Deno binary esbuild-java unpacked, with {@code web/deno.json}).
 */
public class WidgetBundler {

    /** Budget of the widget (JS with its CSS), brotli-compressed. */
    static final int WIDGET_BROTLI_BUDGET = 25 * 1024;
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
        String widget = bundle(source, work.resolve("widget"), "main.ts", EsBuildConfig.Format.IIFE,
                Map.of("__NX_CSS__", jsonString(css.strip())));
        String snippet = bundle(source, work.resolve("snippet"), "snippet.ts", EsBuildConfig.Format.IIFE, Map.of());
        typeCheck(source, work);

        Files.createDirectories(out);
        Files.writeString(out.resolve("nexus-chat-widget.js"), widget);
        Files.writeString(out.resolve("nexus-chat-snippet.js"), snippet);

        Brotli4jLoader.ensureAvailability();
        Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
        sizes.put("nexus-chat-widget.js", sizes(widget));
        sizes.put("css (embedded in the widget)", sizes(css));
        sizes.put("nexus-chat-snippet.js", sizes(snippet));
        Files.writeString(out.resolve("bundle-sizes.json"), toJson(sizes));

        Map<String, Integer> w = sizes.get("nexus-chat-widget.js");
        Map<String, Integer> s = sizes.get("nexus-chat-snippet.js");
        System.out.printf("[widget] nexus-chat-widget.js (JS+CSS) %d B raw, %d B gzip, %d B brotli (budget %d);"
                + " snippet %d B raw, %d B brotli (budget %d raw); built in %d ms%n", w.get("raw"), w.get("gzip"),
                w.get("brotli"), WIDGET_BROTLI_BUDGET, s.get("raw"), s.get("brotli"), SNIPPET_RAW_BUDGET,
                (System.nanoTime() - started) / 1_000_000);
        if (w.get("brotli") > WIDGET_BROTLI_BUDGET || s.get("raw") > SNIPPET_RAW_BUDGET) {
            System.err.println("[widget] over budget: see " + out.resolve("bundle-sizes.json"));
            System.exit(1);
        }
    }

    /**
     * Bundles one entry of the source tree. esbuild-java copies only the entry file to its work dir, so the whole tree
     * is copied there first and the entry resolved inside it (then nothing else is copied).
     */
    static String bundle(Path source, Path work, String entry, EsBuildConfig.Format format,
            Map<String, String> defines) throws IOException {
        deleteTree(work);
        copyTree(source, work);
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
     * Type-checks the entries with {@code deno check} (strict, DOM libs, from {@code web/deno.json}). The binary is the
     * one esbuild-java installed under the work dir; where it did not (another platform layout), the check is skipped
     * with a note rather than failing a build that bundled fine.
     */
    static void typeCheck(Path source, Path work) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path deno;
        try (Stream<Path> files = Files.walk(work)) {
            deno = files.filter(f -> f.getFileName().toString().matches("deno(\\.exe)?") && Files.isExecutable(f)
                    && f.toString().contains("@deno")).findFirst().orElse(null);
        }
        if (deno == null) {
            System.out.println("[widget] type check skipped: esbuild-java installed no deno binary under " + work);
            return;
        }
        ProcessBuilder check = new ProcessBuilder(deno.toString(), "check", "--quiet", "--sloppy-imports", "--config",
                source.resolveSibling("deno.json").toString(), source.resolve("main.ts").toString(),
                source.resolve("snippet.ts").toString()).redirectErrorStream(true);
        check.environment().put("NO_COLOR", "1");
        Process p = check.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.err.println(output);
            System.err.println("[widget] TypeScript type check failed (web/deno.json)");
            System.exit(1);
        }
        System.out.printf("[widget] TypeScript type-checked in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    static Map<String, Integer> sizes(String content) throws IOException {
        byte[] raw = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(raw);
        }
        byte[] br = Encoder.compress(raw, new Encoder.Parameters().setQuality(11));
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("raw", raw.length);
        m.put("gzip", gz.size());
        m.put("brotli", br.length);
        return m;
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
