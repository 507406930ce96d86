package io.nexuschat.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    /** Every start tag of the output, e.g. {@code a href="x" rel="y"}. The sanitizer escapes every literal '<'. */
    private static final Pattern START_TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[^>]*)?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"");
    private static final List<String> ALLOWED_TAGS = List.of("p", "br", "strong", "em", "code", "pre", "blockquote",
            "ul", "ol", "li", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "a",
            "div", "wbr"); // div: only the scrolling wrappers of code blocks and tables (see scrollable())

    @ParameterizedTest
    @ValueSource(strings = {
            "<script>alert(1)</script>",
            "hello <script src=//evil.example/x.js></script> world",
            "<img src=x onerror=alert(1)>",
            "![pic](https://evil.example/track.png)",
            "![x](javascript:alert(1))",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x]( javascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](VBScript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](DATA:text/html,<script>alert(1)</script>)",
            "[x](file:///etc/passwd)",
            "<javascript:alert(1)>",
            "<data:text/html,hi>",
            "<svg onload=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<!-- a comment --><b>bold</b>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\"https://ok.example\" onclick=\"alert(1)\">click</a>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<style>body{display:none}</style>",
            "<form action=\"https://evil.example\"><input name=q></form>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "[x](https://ok.example \"title\" onmouseover=alert(1))",
            "[x](<https://ok.example\" onmouseover=\"alert(1)>)",
            "[x](tour:id=1\" onclick=\"alert(1))",
            "[x](<tour:id=1 onclick=alert(1)>)",
            "`<script>alert(1)</script>`",
            "```html\n<script>alert(1)</script>\n```",
            "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
            "www.example.com/<script>",
            "https://example.com/\"onmouseover=\"alert(1)",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
            "<a href=\"data:text/html,x\">x</a>",
            "[x](javascript&colon;alert(1))",
            "[x](jav&#x0A;ascript:alert(1))",
            "[x](\u0000javascript:alert(1))",
            "<scr<script>ipt>alert(1)</script>",
    })
    void hostileMarkdownNeverYieldsExecutableMarkup(String markdown) {
        String html = renderer.toSafeHtml(markdown);

        for (Tag tag : startTags(html)) {
            assertThat(ALLOWED_TAGS).as("tag <%s> in %s", tag.name, html).contains(tag.name);
            for (String[] attribute : tag.attributes) {
                String name = attribute[0].toLowerCase(Locale.ROOT);
                String value = decodeEntities(attribute[1]).replaceAll("[\\s\\p{Cntrl}]", "")
                        .toLowerCase(Locale.ROOT);
                assertThat(name).as("attribute in %s", html).doesNotStartWith("on").isNotEqualTo("style")
                        .isNotEqualTo("src");
                assertThat(value).as("attribute %s in %s", name, html)
                        .doesNotStartWith("javascript:").doesNotStartWith("vbscript:").doesNotStartWith("data:")
                        .doesNotStartWith("file:");
            }
        }
        assertThat(html).doesNotContain("<script", "<img", "<svg", "<iframe", "<style", "<form", "<!--");
    }

    @Test
    void rawHtmlIsShownAsTextNotMarkup() {
        assertThat(renderer.toSafeHtml("Use <b>bold</b> & <script>x()</script>"))
                .isEqualTo("<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;</p>\n");
    }

    @Test
    void javascriptLinkKeepsItsTextButLosesTheLink() {
        assertThat(renderer.toSafeHtml("[click me](javascript:alert(1))")).isEqualTo("<p>click me</p>\n");
        assertThat(renderer.toSafeHtml("[click me](JaVaScRiPt:alert(1))")).isEqualTo("<p>click me</p>\n");
    }

    @Test
    void httpLinksOpenInANewTabWithoutOpener() {
        assertThat(renderer.toSafeHtml("[Docs](https://example.com/docs?a=1&b=2)")).isEqualTo(
                "<p><a href=\"https://example.com/docs?a&#61;1&amp;b&#61;2\" target=\"_blank\" "
                        + "rel=\"noopener noreferrer\">Docs</a></p>\n");
    }

    @Test
    void mailtoAndTelLinksAreKeptWithoutTarget() {
        assertThat(renderer.toSafeHtml("[Mail](mailto:help@example.com) [Call](TEL:+15551234)"))
                .isEqualTo("<p><a href=\"mailto:help&#64;example.com\">Mail</a> <a href=\"TEL:&#43;15551234\">Call</a>"
                        + "</p>\n");
    }

    @Test
    void upperCaseHttpSchemesAreKeptAsNewTabLinks() {
        assertThat(renderer.toSafeHtml("[Docs](HTTPS://example.com/docs) [Old](Http://example.com)"))
                .isEqualTo("<p><a href=\"HTTPS://example.com/docs\" target=\"_blank\" rel=\"noopener noreferrer\">"
                        + "Docs</a> <a href=\"Http://example.com\" target=\"_blank\" rel=\"noopener noreferrer\">Old</a>"
                        + "</p>\n");
    }

    /** Links that would resolve against the integrator's page (or another host, disguised) keep only their text. */
    @ParameterizedTest
    @ValueSource(strings = {
            "[x](/pricing)",
            "[x](/logout)",
            "[x](../x)",
            "[x](x.html)",
            "[x](?q=1)",
            "[x](#frag)",
            "[x](//evil.example/x)",
            "[x](/\\evil.example)",
            "[x](\\\\evil.example)",
            "[x](<\\\\evil.example>)",
            "[x](<///evil.example>)",
            "[x](https:/evil.example)",
            "[x](https:evil.example)",
            "[x](https:\\\\evil.example)",
            "[x](https:///evil.example)",
            "[x](< //evil.example>)",
            "[x](<\t//evil.example>)",
            "[x](&#9;//evil.example)",
            "[x](&#x0A;/logout)",
            "[x](\u0001//evil.example)",
            "[x](\u200B//evil.example)",
            "[x](%2F%2Fevil.example)",
            "[x][ref]\n\n[ref]: //evil.example",
            "[x](mailto:)",
    })
    void relativeProtocolRelativeAndDisguisedLinksLoseTheirHref(String markdown) {
        assertThat(renderer.toSafeHtml(markdown)).as(markdown).doesNotContain("<a", "href").contains("x");
    }

    @Test
    void relativeLinkKeepsItsTextAsPlainText() {
        assertThat(renderer.toSafeHtml("See [the *pricing* page](/pricing).")).isEqualTo(
                "<p>See the <em>pricing</em> page.</p>\n");
    }

    @Test
    void customProtocolLinksSurviveWithTheirProtocol() {
        String html = renderer.toSafeHtml("[Start the embedding tour](tour:id=embedding), "
                + "[Book a demo](action:type=schedule&topic=demo) and [ABC](product:ABC123)");
        assertThat(html).isEqualTo("<p><a href=\"tour:id&#61;embedding\" data-protocol=\"tour:\">"
                + "Start the embedding tour</a>, <a href=\"action:type&#61;schedule&amp;topic&#61;demo\" "
                + "data-protocol=\"action:\">Book a demo</a> and <a href=\"product:ABC123\" "
                + "data-protocol=\"product:\">ABC</a></p>\n");
    }

    @Test
    void customProtocolIsReportedInLowerCase() {
        assertThat(renderer.toSafeHtml("[t](Tour:id=1)"))
                .isEqualTo("<p><a href=\"Tour:id&#61;1\" data-protocol=\"tour:\">t</a></p>\n");
    }

    @Test
    void autolinksBecomeSafeLinks() {
        assertThat(renderer.toSafeHtml("See https://example.com and help@example.com"))
                .isEqualTo("<p>See <a href=\"https://example.com\" target=\"_blank\" rel=\"noopener noreferrer\">"
                        + "https://example.com</a> and <a href=\"mailto:help&#64;example.com\">help&#64;example.com"
                        + "</a></p>\n");
    }

    @Test
    void imagesBecomeTheirAltText() {
        assertThat(renderer.toSafeHtml("![a *chart*](https://example.com/c.png)"))
                .isEqualTo("<p>a <em>chart</em></p>\n");
    }

    @Test
    void tablesAreKeptWithAlignmentInAFocusableScrollingWrapper() {
        String html = renderer
                .toSafeHtml("| method | new session |\n|:---|:---:|\n| `clearChat()` | on next message |");
        assertThat(html)
                .isEqualTo("<div class=\"nx-scroll\" tabindex=\"0\"><table><thead><tr><th align=\"left\">method</th>"
                        + "<th align=\"center\">new session</th></tr></thead><tbody><tr>"
                        + "<td align=\"left\"><code>clearChat()</code></td><td align=\"center\">on next message</td>"
                        + "</tr></tbody></table></div>\n");
    }

    @Test
    void codeBlocksAreEscapedKeepTheirLanguageAndScrollInAWrapperForTheCopyButton() {
        assertThat(renderer.toSafeHtml("```html\n<script src=\"x.js\"></script>\n```"))
                .isEqualTo(
                        "<div class=\"nx-code\"><pre tabindex=\"0\"><code class=\"language-html\">&lt;script src&#61;&#34;x.js&#34;&gt;&lt;/script&gt;\n"
                                + "</code></pre></div>\n");
    }

    @Test
    void longUrlsAndCodeTokensMayBreakAfterTheirSeparatorsOnly() {
        String html = renderer.toSafeHtml(
                "See https://chat.example.com/api/v2/sessions and `window.NexusChatWidget.init(config)`, not `short.one`.");
        assertThat(html)
                .contains(">https://<wbr />chat.<wbr />example.<wbr />com/<wbr />api/<wbr />v2/<wbr />sessions</a>",
                        "<code>window.<wbr />NexusChatWidget.<wbr />init(config)</code>", "<code>short.one</code>")
                .contains("href=\"https://chat.example.com/api/v2/sessions\"");
        // Copying the text gives the token back unchanged: <wbr /> has no text.
        assertThat(html.replace("<wbr />", "")).contains(">https://chat.example.com/api/v2/sessions</a>");
    }

    @Test
    void markupLookingTextIsNeverTakenForACodeBlockOrTable() {
        // Raw HTML is escaped before the wrappers are added, so typed tags cannot open or close one.
        assertThat(renderer.toSafeHtml("<pre>x</pre> and <table> and `</pre>`"))
                .doesNotContain("nx-code", "nx-scroll", "<pre", "<table");
    }

    @Test
    void topLevelHeadingsAreMappedDownToH3() {
        assertThat(renderer.toSafeHtml("# One\n## Two\n### Three\n#### Four"))
                .isEqualTo("<h3>One</h3>\n<h3>Two</h3>\n<h3>Three</h3>\n<h4>Four</h4>\n");
    }

    @Test
    void listsQuotesAndEmphasisAreKept() {
        assertThat(renderer.toSafeHtml("> **Note** _this_\n\n3. a\n4. b\n\n- x\n\n---"))
                .isEqualTo("<blockquote>\n<p><strong>Note</strong> <em>this</em></p>\n</blockquote>\n"
                        + "<ol start=\"3\"><li>a</li><li>b</li></ol>\n<ul><li>x</li></ul>\n<hr />\n");
    }

    @Test
    void emptyOrNullMarkdownGivesEmptyHtml() {
        assertThat(renderer.toSafeHtml(null)).isEmpty();
        assertThat(renderer.toSafeHtml("")).isEmpty();
    }

    @Test
    void customProtocolHrefRules() {
        assertThat(MarkdownRenderer.isCustomProtocolHref("tour:id=123456")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("walkme:flowId=42")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("x-app.v2+beta:go")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("https://example.com")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("JavaScript:alert(1)")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("data:text/html,x")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("tour:id=1 onclick=x")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("tour:id=1\tx")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("1tour:id=1")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("/relative")).isFalse();
        assertThat(MarkdownRenderer.isCustomProtocolHref("tour:id=1\u200B")).isFalse();
    }

    /** Schemes an operating system or browser would act on when the link is opened in a new tab (no widget there). */
    @ParameterizedTest
    @ValueSource(strings = {"ms-settings:", "MS-Word:ofe|u|https://evil.example/x.docx", "ms-msdt:/id", "intent://x",
            "Intent:#Intent;end", "file:///etc/passwd", "FILE://server/share", "blob:https://evil.example/1",
            "filesystem:https://evil.example/x", "jar:https://evil.example/x.jar!/", "view-source:https://x",
            "about:blank", "ABOUT:config", "chrome://settings", "chrome-extension://abc/x",
            "Chrome-Search://local-ntp", "javascript:alert(1)", "JavaScript:alert(1)", "vbscript:msgbox",
            "VBSCRIPT:x", "data:text/html,x", "Data:x", "search-ms:query=x", "microsoft-edge:https://x"})
    void operatingSystemAndBrowserHandlerSchemesAreNeverLinks(String href) {
        assertThat(MarkdownRenderer.isCustomProtocolHref(href)).as(href).isFalse();
        assertThat(renderer.toSafeHtml("[x](<" + href + ">)")).as(href).doesNotContain("<a", "href", "data-protocol");
    }

    @Test
    void harmlessCustomSchemesThatResembleForbiddenOnesStayLinks() {
        assertThat(MarkdownRenderer.isCustomProtocolHref("tour:ms-settings")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("action:type=file")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("msg:id=1")).isTrue();
        assertThat(MarkdownRenderer.isCustomProtocolHref("datasheet:ABC")).isTrue();
    }

    /** Decodes the character references the sanitizer writes into attribute values. */
    private static String decodeEntities(String value) {
        Matcher m = Pattern.compile("&#(\\d+);|&(amp|lt|gt|quot);").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String decoded = m.group(1) != null
                    ? Character.toString(Integer.parseInt(m.group(1)))
                    : switch (m.group(2)) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        default -> "\"";
                    };
            m.appendReplacement(sb, Matcher.quoteReplacement(decoded));
        }
        return m.appendTail(sb).toString();
    }

    private record Tag(String name, List<String[]> attributes) {
    }

    private static List<Tag> startTags(String html) {
        List<Tag> tags = new ArrayList<>();
        Matcher m = START_TAG.matcher(html);
        while (m.find()) {
            List<String[]> attributes = new ArrayList<>();
            Matcher a = ATTRIBUTE.matcher(m.group(2));
            while (a.find()) {
                attributes.add(new String[]{a.group(1), a.group(2)});
            }
            tags.add(new Tag(m.group(1).toLowerCase(Locale.ROOT), attributes));
        }
        return tags;
    }
}
