package io.nexuschat.answer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.owasp.html.ElementPolicy;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Turns untrusted Markdown (answers, user messages) into HTML that is safe to insert into a page: no script, no event
 * handlers, no {@code javascript:}/{@code data:} URLs. The only place where text becomes markup.
 *
 * <p>
 * Two stages, each a well-kept library: commonmark (GFM tables, autolinks) renders the Markdown with raw HTML
 * <em>escaped</em> (shown as text, never passed through); the OWASP java-html-sanitizer then lets through only this
 * allow-list: {@code p br wbr strong em code pre blockquote ul ol li h3–h6 table thead tbody tr th td hr a}. Rules:
 * <ul>
 * <li>{@code h1}/{@code h2} become {@code h3}: a chat bubble sits inside the host page, below its own headings.</li>
 * <li>Only absolute {@code http://} / {@code https://} links (which get {@code target="_blank"
 * rel="noopener noreferrer"}), {@code mailto:} and {@code tel:} links keep their href. Relative and
 * protocol-relative links ({@code /logout}, {@code ../x}, {@code ?q}, {@code #top}, {@code //evil.example},
 * {@code /\evil.example}) resolve against the integrator's page, not ours, so they lose the href: the link text
 * stays, as plain text.</li>
 * <li>Custom-protocol links ({@code tour:id=123456}, {@code action:type=schedule&topic=demo}, {@code product:ABC123})
 * keep their href and get {@code data-protocol="tour:"} so the widget can intercept them; it never navigates them.
 * Schemes that run code, read local data or hand the URL to an operating-system handler when a visitor opens the link
 * in a new tab ({@code javascript:}, {@code data:}, {@code file:}, {@code ms-*:}, {@code intent:}, {@code chrome*:}
 * … see {@link #isForbiddenScheme}), in any case or disguise, lose the href like relative links.</li>
 * <li>Images are rendered as their alt text: an answer must not make the visitor's browser fetch third-party URLs
 * (tracking pixels, and the known prompt-injection trick of leaking the conversation through an image URL).</li>
 * <li>No {@code style}, no {@code on*}, no ids or classes except {@code language-*} on code blocks.</li>
 * <li>Long tokens in inline code and link text get {@code <wbr>} break opportunities after their separators
 * ({@link #writeBreakable}); code blocks and tables then get a scrolling wrapper ({@link #scrollable}).</li>
 * </ul>
 * Thread-safe: the parser, renderer and policy are immutable and shared.
 */
@ApplicationScoped
public class MarkdownRenderer {

    /**
     * Schemes never allowed as custom-protocol links: they run code, embed content, read local files, or start an
     * operating-system handler when the visitor middle-clicks or opens the link in a new tab (where the widget cannot
     * intercept it).
     */
    static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "vbscript", "livescript", "jscript", "data",
            "file", "blob", "filesystem", "about", "view-source", "jar", "intent", "search-ms", "resource", "res");

    /** Scheme families refused like {@link #FORBIDDEN_SCHEMES}: Windows handlers, browser-internal pages. */
    static final List<String> FORBIDDEN_SCHEME_PREFIXES = List.of("ms-", "chrome", "microsoft-edge", "moz-");

    private static final Set<String> STANDARD_SCHEMES = Set.of("http", "https", "mailto", "tel");

    /** A custom-protocol href: a scheme, a colon, then no whitespace or control characters. */
    private static final Pattern CUSTOM_HREF = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31}):[^\\s\\p{Cntrl}]*");

    /**
     * Carries a custom-protocol href from commonmark to the sanitizer. The sanitizer only lets standard protocols
     * through {@code href} (it has no "any scheme" option), so the custom href travels in this non-URL attribute, is
     * validated there, and is turned back into {@code href} by {@link #LINKS}.
     */
    private static final String CUSTOM_HREF_ATTRIBUTE = "data-nexus-custom-href";

    /**
     * An absolute http(s) URL: the scheme, exactly two slashes, then the host. {@code https:/x}, {@code https:x} and
     * {@code https:\\x} are relative to a page of the same scheme, and a third slash or a backslash is read
     * differently by different parsers.
     */
    private static final Pattern HTTP_HREF = Pattern.compile("(?i)https?://[^/\\\\].*");

    /** {@code mailto:} and {@code tel:} links, which open the visitor's mail or phone application. */
    private static final Pattern MAILTO_TEL_HREF = Pattern.compile("(?i)(mailto|tel):.+");

    /** Whitespace and control characters, which browsers strip or skip in URLs and so can disguise a scheme. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\s\\p{Cc}\\p{Cf}\\p{Z}]");

    private final Parser parser = Parser.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .build();

    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create()))
            .escapeHtml(true)
            .attributeProviderFactory(context -> MarkdownRenderer::markCustomProtocolLink)
            .nodeRendererFactory(ImageAsAltText::new)
            .nodeRendererFactory(BreakableTokens::new)
            .build();

    /** A run without whitespace this long (a URL, a qualified name) gets break opportunities. */
    static final int LONG_TOKEN_CHARS = 20;

    private static final Pattern LONG_TOKEN = Pattern.compile("\\S{" + LONG_TOKEN_CHARS + ",}");

    /** The places after a separator ({@code / . ? & = _ # -}) and before the next part of a token. */
    private static final Pattern AFTER_SEPARATOR = Pattern.compile("(?<=[/.?&=_#-])(?=[^/.?&=_#-])");

    /** Decides links after attribute filtering: restores custom hrefs, drops the other non-standard ones, adds target. */
    private static final ElementPolicy LINKS = (elementName, attrs) -> {
        int custom = indexOfAttribute(attrs, CUSTOM_HREF_ATTRIBUTE);
        if (custom >= 0) {
            String href = attrs.get(custom + 1);
            attrs.subList(custom, custom + 2).clear();
            int plain = indexOfAttribute(attrs, "href");
            if (plain >= 0) {
                attrs.subList(plain, plain + 2).clear();
            }
            attrs.add("href");
            attrs.add(href);
            attrs.add("data-protocol");
            attrs.add(scheme(href) + ":");
            return elementName;
        }
        int href = indexOfAttribute(attrs, "href");
        String value = href < 0 ? null : attrs.get(href + 1);
        if (value == null || !isStandardHref(value)) {
            // Without attributes the sanitizer drops the <a> and keeps its text.
            attrs.clear();
            return elementName;
        }
        if (HTTP_HREF.matcher(value).matches()) {
            attrs.add("target");
            attrs.add("_blank"); // the sanitizer then adds rel="noopener noreferrer"
        }
        return elementName;
    };

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("wbr", "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4",
                    "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr")
            .allowElements((elementName, attrs) -> "h3", "h1", "h2")
            .allowElements(LINKS, "a")
            .allowUrlProtocols("http", "https", "mailto", "tel")
            .allowAttributes("href", "title").onElements("a")
            .allowAttributes(CUSTOM_HREF_ATTRIBUTE).matching(MarkdownRenderer::isCustomProtocolHref).onElements("a")
            .allowAttributes("start").matching(Pattern.compile("\\d{1,9}")).onElements("ol")
            .allowAttributes("align").matching(true, "left", "center", "right").onElements("th", "td")
            .allowAttributes("class").matching(Pattern.compile("language-[A-Za-z0-9_+#.-]{1,40}")).onElements("code")
            .toFactory();

    /** Renders Markdown to sanitized HTML; null or empty gives an empty string. */
    public String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        return scrollable(POLICY.sanitize(renderer.render(parser.parse(markdown))));
    }

    /**
     * Makes code blocks and tables readable in a narrow bubble: they scroll sideways instead of breaking their lines,
     * so each becomes keyboard-focusable ({@code tabindex="0"}), and a code block is wrapped in
     * {@code <div class="nx-code">}, where the widget adds its copy button. Works on the sanitizer's output, in which
     * every {@code <} of text is escaped, so these tags can only be the elements it let through (without attributes).
     */
    static String scrollable(String html) {
        return html.replace("<pre>", "<div class=\"nx-code\"><pre tabindex=\"0\">")
                .replace("</pre>", "</pre></div>")
                .replace("<table>", "<div class=\"nx-scroll\" tabindex=\"0\"><table>")
                .replace("</table>", "</table></div>");
    }

    /**
     * True for an href that may stay a plain link: absolute {@code http(s)://}, {@code mailto:} or {@code tel:}, with
     * no whitespace or control characters. Everything else, relative links included, is dropped.
     */
    static boolean isStandardHref(String href) {
        return href != null && !INVISIBLE.matcher(href).find()
                && (HTTP_HREF.matcher(href).matches() || MAILTO_TEL_HREF.matcher(href).matches());
    }

    /** True for an href whose scheme is neither standard nor forbidden, and that has no whitespace or controls. */
    static boolean isCustomProtocolHref(String href) {
        if (href == null || !CUSTOM_HREF.matcher(href).matches() || INVISIBLE.matcher(href).find()) {
            return false;
        }
        String scheme = scheme(href);
        return !STANDARD_SCHEMES.contains(scheme) && !isForbiddenScheme(scheme);
    }

    /** True for a (lower-case) scheme that must never become a link, whatever handler the visitor has for it. */
    static boolean isForbiddenScheme(String scheme) {
        return FORBIDDEN_SCHEMES.contains(scheme) || FORBIDDEN_SCHEME_PREFIXES.stream().anyMatch(scheme::startsWith);
    }

    private static String scheme(String href) {
        return href.substring(0, href.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    private static void markCustomProtocolLink(Node node, String tagName, Map<String, String> attributes) {
        if (node instanceof Link link && isCustomProtocolHref(link.getDestination())) {
            attributes.remove("href");
            attributes.put(CUSTOM_HREF_ATTRIBUTE, link.getDestination());
        }
    }

    /** Index of the attribute's name in the sanitizer's flat name/value list, or -1. */
    private static int indexOfAttribute(List<String> attrs, String name) {
        for (int i = 0; i < attrs.size(); i += 2) {
            if (attrs.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes text, escaped, with a {@code <wbr>} after each separator inside long tokens: a narrow bubble then wraps a
     * URL or {@code a.qualified.name} at its parts, and breaks inside a word only when one part is longer than a line.
     */
    static void writeBreakable(HtmlWriter html, String text) {
        Matcher token = LONG_TOKEN.matcher(text);
        int at = 0;
        while (token.find()) {
            html.text(text.substring(at, token.start()));
            String[] parts = AFTER_SEPARATOR.split(token.group());
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    html.raw("<wbr>");
                }
                html.text(parts[i]);
            }
            at = token.end();
        }
        html.text(text.substring(at));
    }

    /** Inline code and link text (autolinked URLs above all) with break opportunities in their long tokens. */
    private record BreakableTokens(HtmlNodeRendererContext context) implements NodeRenderer {

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Code.class, Text.class);
        }

        @Override
        public void render(Node node) {
            HtmlWriter html = context.getWriter();
            if (node instanceof Code code) {
                html.tag("code", context.extendAttributes(node, "code", Map.of()));
                writeBreakable(html, code.getLiteral());
                html.tag("/code");
            } else if (node.getParent() instanceof Link) {
                writeBreakable(html, ((Text) node).getLiteral());
            } else {
                html.text(((Text) node).getLiteral());
            }
        }
    }

    /** Renders {@code ![alt](src)} as its alt text (escaped), so answers never load images. */
    private record ImageAsAltText(HtmlNodeRendererContext context) implements NodeRenderer {

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                context.render(child);
            }
        }
    }
}
