import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the benchmark's plots with JFreeChart and writes {@code report.md} from the CSV files the benchmarks wrote into
 * one results directory ({@code bench/run.sh} runs it last).
 *
 * <pre>java -cp jfreechart.jar bench/Report.java bench/results/DATE</pre>
 */
public class Report {

    static Path dir;

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        dir = Path.of(args[0]);
        StringBuilder md = new StringBuilder();
        md.append("# Nexus Chat benchmark report\n\n");
        md.append(Files.exists(dir.resolve("machine.md")) ? Files.readString(dir.resolve("machine.md")) : "")
                .append('\n');

        List<Map<String, String>> widgets = csv("widgets.csv");
        if (!widgets.isEmpty()) {
            md.append("## Widget, beside peers\n\n");
            md.append("Each widget on a blank page in headless Chromium, every load in a fresh browser context (empty"
                    + " cache and storage). Usable input: the first visible, enabled text field (in the page or an"
                    + " open shadow root), checked every animation frame, from navigation start. Bytes: the main"
                    + " script (other files a peer loads later are not counted), compressed here at the best level"
                    + " for every widget. Long tasks: counted until the network is idle. Heap: after a forced GC.\n\n");
            md.append("| widget | version | raw B | gzip B | brotli B | usable input p50 ms | p90 ms | long tasks |"
                    + " long-task ms | JS heap MB | loads |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (var w : widgets) {
                md.append("| ").append(String.join(" | ", w.get("widget"), w.get("version"), w.get("raw"),
                        w.get("gzip"), w.get("brotli"), w.get("usable_p50"), w.get("usable_p90"), w.get("long_tasks"),
                        w.get("long_task_ms"), w.get("heap_mb"), w.get("loads"))).append(" |\n");
            }
            bars("widget-bytes.png", "Main script size (brotli, best level)", "bytes", widgets, "widget", "brotli");
            bars("widget-usable.png", "Navigation → usable chat input (median)", "ms", widgets, "widget",
                    "usable_p50");
            bars("widget-heap.png", "JS heap after load (after GC)", "MB", widgets, "widget", "heap_mb");
            md.append("\n![bytes](widget-bytes.png) ![usable](widget-usable.png) ![heap](widget-heap.png)\n\n");
        }
        List<Map<String, String>> extras = csv("widget-extras.csv");
        if (!extras.isEmpty()) {
            md.append("Our widget only (medians):\n\n| measure | value |\n|---|---|\n");
            for (var e : extras) {
                md.append("| ").append(e.get("measure").replace('_', ' ')).append(" | ").append(e.get("value"))
                        .append(" |\n");
            }
            md.append('\n');
        }

        List<Map<String, String>> start = csv("start.csv");
        if (!start.isEmpty()) {
            md.append("## Start: JVM launch → first HTTP 200\n\n`fresh`: an empty H2 database (Flyway creates the"
                    + " schema); `existing`: the database the previous start left. First 200: `/q/health/live`"
                    + " answers; ready: `/q/health/ready` answers 200 (database reachable, the knowledge-base index"
                    + " built); `quarkus` is Quarkus's own \"started in\" figure. A trivial Quarkus app (REST +"
                    + " health), started the same way in the same minutes, is the machine's baseline when present.\n\n"
                    + "| variant | database | run | first 200 ms | ready ms | quarkus ms |\n|---|---|---|---|---|---|\n");
            Map<String, List<Double>> byVariant = new LinkedHashMap<>();
            for (var s : start) {
                md.append("| ").append(String.join(" | ", s.get("variant"), s.getOrDefault("database", ""),
                        s.get("run"), s.get("first_200_ms"), s.getOrDefault("ready_ms", ""), s.get("quarkus_ms")))
                        .append(" |\n");
                String key = s.get("variant") + (s.getOrDefault("database", "").isEmpty()
                        ? ""
                        : ", " + s.get("database") + " db");
                byVariant.computeIfAbsent(key, k -> new ArrayList<>()).add(num(s.get("first_200_ms")));
            }
            md.append("\nMedians of first 200:");
            DefaultCategoryDataset d = new DefaultCategoryDataset();
            byVariant.forEach((v, list) -> {
                double median = list.stream().sorted().toList().get(list.size() / 2);
                d.addValue(median, "median", v);
                md.append(String.format(Locale.ROOT, " %s %.0f ms;", v, median));
            });
            md.setLength(md.length() - 1);
            md.append(".\n");
            save("start.png", ChartFactory.createBarChart("JVM start → first HTTP 200 (median)", null, "ms", d,
                    PlotOrientation.HORIZONTAL, false, false, false));
            md.append("\n![start](start.png)\n\n");
        }

        List<Map<String, String>> sessions = csv("sessions.csv");
        if (!sessions.isEmpty()) {
            md.append("## Session creation vs open-load rate\n\n| rate/s | endpoint | achieved/s | p50 ms | p99 ms |"
                    + " errors |\n|---|---|---|---|---|---|\n");
            XYSeriesCollection c = new XYSeriesCollection();
            Map<String, XYSeries> series = new LinkedHashMap<>();
            for (var s : sessions) {
                md.append("| ").append(String.join(" | ", s.get("rate"), s.get("endpoint"), s.get("achieved"),
                        s.get("p50"), s.get("p99"), s.get("errors"))).append(" |\n");
                for (String p : List.of("p50", "p99")) {
                    series.computeIfAbsent(s.get("endpoint") + " " + p, XYSeries::new)
                            .add(num(s.get("rate")), num(s.get(p)));
                }
            }
            series.values().forEach(c::addSeries);
            lines("sessions.png", "POST /api/v2/sessions vs trivial GET", "requests/s (open load)", "latency ms",
                    c, false);
            md.append("\n![sessions](sessions.png)\n\n");
        }

        List<Map<String, String>> streams = csv("streams.csv");
        if (!streams.isEmpty()) {
            md.append("## Streams: first chunk and RSS vs concurrent streams\n\n| streams | first chunk p50 ms |"
                    + " p99 ms | answers | errors | peak RSS MB |\n|---|---|---|---|---|---|\n");
            XYSeriesCollection lat = new XYSeriesCollection();
            XYSeries p50 = new XYSeries("first chunk p50");
            XYSeries p99 = new XYSeries("first chunk p99");
            XYSeriesCollection rss = new XYSeriesCollection();
            XYSeries r = new XYSeries("peak RSS");
            for (var s : streams) {
                md.append("| ").append(String.join(" | ", s.get("streams"), s.get("first_p50"), s.get("first_p99"),
                        s.get("completed"), s.get("errors"), s.get("rss_mb"))).append(" |\n");
                p50.add(num(s.get("streams")), num(s.get("first_p50")));
                p99.add(num(s.get("streams")), num(s.get("first_p99")));
                r.add(num(s.get("streams")), num(s.get("rss_mb")));
            }
            lat.addSeries(p50);
            lat.addSeries(p99);
            rss.addSeries(r);
            lines("streams-first-chunk.png", "First SSE chunk vs concurrent streams", "concurrent streams",
                    "latency ms", lat, true);
            lines("streams-rss.png", "Server RSS vs concurrent streams", "concurrent streams", "MB", rss, false);
            md.append("\n![first chunk](streams-first-chunk.png) ![rss](streams-rss.png)\n\n");
        }

        List<Map<String, String>> intake = csv("intake.csv");
        if (!intake.isEmpty()) {
            md.append("## Event intake vs batch size (closed loop, 8 clients, durable H2 commits)\n\n| batch |"
                    + " events/s | batches/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
            XYSeriesCollection c = new XYSeriesCollection();
            XYSeries s = new XYSeries("events/s");
            for (var i : intake) {
                md.append("| ").append(String.join(" | ", i.get("batch"), i.get("events_per_s"),
                        i.get("batches_per_s"), i.get("p50"), i.get("p99"), i.get("errors"))).append(" |\n");
                s.add(num(i.get("batch")), num(i.get("events_per_s")));
            }
            c.addSeries(s);
            lines("intake.png", "POST /api/v2/events throughput vs batch size", "events per batch", "events/s", c,
                    false);
            md.append("\n![intake](intake.png)\n\n");
        }
        if (Files.exists(dir.resolve("load.md"))) {
            md.append("## Load benchmark (fixed rate)\n\n")
                    .append(Files.readString(dir.resolve("load.md")).replaceFirst("^# .*\\n", "")).append('\n');
        }
        Files.writeString(dir.resolve("report.md"), md);
        System.out.println("[report] " + dir.resolve("report.md"));
    }

    static double num(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static List<Map<String, String>> csv(String name) throws IOException {
        Path f = dir.resolve(name);
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(f)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
        String[] head = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                row.put(head[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static void bars(String file, String title, String unit, List<Map<String, String>> rows, String key,
            String value) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (var r : rows) {
            d.addValue(num(r.get(value)), value, r.get(key));
        }
        save(file, ChartFactory.createBarChart(title, null, unit, d, PlotOrientation.HORIZONTAL, false, false,
                false));
    }

    static void lines(String file, String title, String x, String y, XYSeriesCollection data, boolean logX)
            throws IOException {
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            LogAxis axis = new LogAxis(x);
            axis.setBase(10);
            axis.setSmallestValue(1);
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            plot.setDomainAxis(axis);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, colors[i % colors.length]);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(renderer);
        save(file, chart);
    }

    static void save(String file, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, 720, 420);
        System.out.println(String.format(Locale.ROOT, "[report] %s", dir.resolve(file)));
    }
}
