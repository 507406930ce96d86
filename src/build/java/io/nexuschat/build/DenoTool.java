package io.nexuschat.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one Deno command on {@code web/} (fmt, lint, test) with the Deno binary esbuild-java unpacked while bundling
 * ({@link WidgetBundler}), so the checks need no Node and no download. Run by Maven as a single-file program:
 * {@code java DenoTool.java <dir holding the unpacked deno> <deno.json> <command> [flags…] -- <paths, comma-separated>}.
 * The options (fmt style, lint rules, compiler options) are read from the given {@code deno.json}. Paths that do not
 * exist are left out, and with none left the command is skipped with a note (e.g. no {@code web/test} yet). Exits
 * with Deno's status, so a violation fails the build.
 */
public class DenoTool {

    public static void main(String[] args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        if (args.length < 4 || separator < 3) {
            System.err.println("usage: DenoTool <deno dir> <deno.json> <command> [flags…] -- <path,path…>");
            System.exit(2);
        }
        Path denoDir = Path.of(args[0]).toAbsolutePath();
        Path config = Path.of(args[1]).toAbsolutePath();
        List<String> command = new ArrayList<>(Arrays.asList(args).subList(2, separator));
        List<String> paths = Arrays.stream(args).skip(separator + 1).flatMap(a -> Arrays.stream(a.split(",")))
                .map(String::strip).filter(p -> !p.isEmpty()).toList();
        List<String> existing = paths.stream().filter(p -> Files.exists(Path.of(p))).toList();
        String what = String.join(" ", command) + " " + String.join(" ", paths);
        if (existing.isEmpty()) {
            System.out.println("[deno] " + what + ": nothing to do (no such path)");
            return;
        }
        Path deno = find(denoDir).orElse(null);
        if (deno == null) {
            System.err.println("[deno] no deno binary under " + denoDir + ": the widget bundling step unpacks it (run"
                    + " at least `./mvnw generate-resources`)");
            System.exit(1);
        }
        List<String> line = new ArrayList<>();
        line.add(deno.toString());
        line.add(command.get(0));
        line.add("--config");
        line.add(config.toString());
        line.addAll(command.subList(1, command.size()));
        line.addAll(existing);
        long started = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(line).inheritIO();
        pb.environment().put("NO_COLOR", "1");
        // Deno prints a Rust backtrace with any failing exit when this is set; the diagnostics above it are the point.
        pb.environment().put("RUST_BACKTRACE", "0");
        int status = pb.start().waitFor();
        if (status != 0) {
            System.err.println("[deno] " + what + " failed (options from " + config + ")"
                    + (command.get(0).equals("fmt") ? ": `./mvnw -Pformat process-resources` formats web/" : ""));
            System.exit(status);
        }
        System.out.printf("[deno] %s: OK in %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
    }

    /** The deno executable esbuild-java unpacked (under {@code node_modules/@deno/<platform>/}). */
    static Optional<Path> find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("deno(\\.exe)?") && Files.isExecutable(f)
                    && f.toString().contains("@deno")).findFirst();
        }
    }
}
