package io.nexuschat.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * One retrievable unit of a knowledge base: a {@code ##} section of a Markdown document (with its {@code ###}
 * subsections), or the text between the document's {@code #} title and its first {@code ##}.
 *
 * @param source the document's path as listed in the experience, e.g. {@code demo/kb/sessions.md}
 * @param documentTitle the document's {@code #} heading as Markdown, or its file name when it has none
 * @param title the section's heading as Markdown; equal to {@code documentTitle} for the introduction
 * @param markdown the section's Markdown without its heading, links and code intact
 */
record KnowledgeBaseSection(String source, String documentTitle, String title, String markdown) {

    /** Headings are found by commonmark, so a {@code #} inside a code block or a quote never splits a section. */
    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    private static final Pattern ATX_MARKERS = Pattern.compile("^\\s{0,3}#{1,6}\\s*|\\s+#+\\s*$");

    /** The heading an answer shows for this section: where it comes from. */
    String heading() {
        return title.equals(documentTitle) ? documentTitle : documentTitle + " › " + title;
    }

    /** Splits a Markdown document into its sections; sections without text are left out. */
    static List<KnowledgeBaseSection> parse(String source, String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        Node document = PARSER.parse(String.join("\n", lines));

        String documentTitle = null;
        List<int[]> bounds = new ArrayList<>(); // {first line of heading, first line after heading}
        List<String> titles = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() <= 2 && !heading.getSourceSpans().isEmpty()) {
                List<SourceSpan> spans = heading.getSourceSpans();
                int first = spans.getFirst().getLineIndex();
                int after = spans.getLast().getLineIndex() + 1;
                String text = headingMarkdown(lines, first, after);
                if (heading.getLevel() == 1 && documentTitle == null) {
                    documentTitle = text;
                    titles.add(null); // the introduction, titled after the document
                } else {
                    titles.add(text);
                }
                bounds.add(new int[]{first, after});
            }
        }
        if (documentTitle == null) {
            documentTitle = fileTitle(source);
        }

        List<KnowledgeBaseSection> sections = new ArrayList<>();
        int firstHeading = bounds.isEmpty() ? lines.length : bounds.getFirst()[0];
        add(sections, source, documentTitle, documentTitle, lines, 0, firstHeading);
        for (int i = 0; i < bounds.size(); i++) {
            int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : lines.length;
            String title = titles.get(i) == null ? documentTitle : titles.get(i);
            add(sections, source, documentTitle, title, lines, bounds.get(i)[1], end);
        }
        return sections;
    }

    private static void add(List<KnowledgeBaseSection> sections, String source, String documentTitle, String title,
            String[] lines, int from, int to) {
        String body = String.join("\n", List.of(lines).subList(from, to)).strip();
        if (!body.isEmpty()) {
            sections.add(new KnowledgeBaseSection(source, documentTitle, title, body));
        }
    }

    /** The heading's own Markdown (so {@code `code`} in a title stays code), without the {@code #}/underline. */
    private static String headingMarkdown(String[] lines, int first, int after) {
        if (after - first == 1) {
            return ATX_MARKERS.matcher(lines[first]).replaceAll("").strip();
        }
        return String.join(" ", List.of(lines).subList(first, after - 1)).strip(); // setext: text, then underline
    }

    private static String fileTitle(String source) {
        String name = source.substring(source.lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
        return name.isEmpty() ? source : Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
    }
}
