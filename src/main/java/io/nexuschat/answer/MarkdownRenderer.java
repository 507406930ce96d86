package io.nexuschat.answer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
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
 * allow-list: {@code p br strong em code pre blockquote ul ol li h3–h6 table thead tbody tr th td hr a}. Rules:
 * <ul>
 * <li>{@code h1}/{@code h2} become {@code h3}: a chat bubble sits inside the host page, below its own headings.</li>
 * <li>{@code http}, {@code https}, {@code mailto}, {@code tel} and relative links keep their href; absolute http(s)
 * links get {@code target="_blank" rel="noopener noreferrer"}.</li>
 * <li>Custom-protocol links ({@code tour:id=123456}, {@code action:type=schedule&topic=demo}, {@code product:ABC123})
 * keep their href and get {@code data-protocol="tour:"} so the widget can intercept them; it never navigates them.
 * {@code javascript:}, {@code vbscript:}, {@code data:} and the other schemes in {@link #FORBIDDEN_SCHEMES}, in any
 * case or disguise, lose the href (the link text stays, as plain text).</li>
 * <li>Images are rendered as their alt text: an answer must not make the visitor's browser fetch third-party URLs
 * (tracking pixels, and the known prompt-injection trick of leaking the conversation through an image URL).</li>
 * <li>No {@code style}, no {@code on*}, no ids or classes except {@code language-*} on code blocks.</li>
 * </ul>
 * Thread-safe: the parser, renderer and policy are immutable and shared.
 */
@ApplicationScoped
public class MarkdownRenderer {

    /** Schemes never allowed as custom-protocol links: they run code, embed content or read local files. */
    static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "vbscript", "livescript", "data", "file",
            "blob", "filesystem", "about", "view-source", "jar");

    private static final Set<String> STANDARD_SCHEMES = Set.of("http", "https", "mailto", "tel");

    /** A custom-protocol href: a scheme, a colon, then no whitespace or control characters. */
    private static final Pattern CUSTOM_HREF = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31}):[^\\s\\p{Cntrl}]*");

    /**
     * Carries a custom-protocol href from commonmark to the sanitizer. The sanitizer only lets standard protocols
     * through {@code href} (it has no "any scheme" option), so the custom href travels in this non-URL attribute, is
     * validated there, and is turned back into {@code href} by {@link #LINKS}.
     */
    private static final String CUSTOM_HREF_ATTRIBUTE = "data-nexus-custom-href";

    private static final Pattern HTTP_HREF = Pattern.compile("(?i)https?:.*");

    private final Parser parser = Parser.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .build();

    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create()))
            .escapeHtml(true)
            .attributeProviderFactory(context -> MarkdownRenderer::markCustomProtocolLink)
            .nodeRendererFactory(ImageAsAltText::new)
            .build();

    /** Decorates links after attribute filtering: restores custom hrefs, adds target on http(s) links. */
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
        if (href >= 0 && HTTP_HREF.matcher(attrs.get(href + 1)).matches()) {
            attrs.add("target");
            attrs.add("_blank"); // the sanitizer then adds rel="noopener noreferrer"
        }
        return elementName;
    };

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4",
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
        return POLICY.sanitize(renderer.render(parser.parse(markdown)));
    }

    /** True for an href whose scheme is neither standard nor forbidden, and that has no whitespace or controls. */
    static boolean isCustomProtocolHref(String href) {
        if (href == null || !CUSTOM_HREF.matcher(href).matches()) {
            return false;
        }
        String scheme = scheme(href);
        return !STANDARD_SCHEMES.contains(scheme) && !FORBIDDEN_SCHEMES.contains(scheme);
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
