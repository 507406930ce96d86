package io.nexuschat.answer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns untrusted Markdown (answers, user messages) into HTML that is safe to insert into a page: no script, no event
 * handlers, no {@code javascript:}/{@code data:} URLs. The only place where text becomes markup.
 */
@ApplicationScoped
public class MarkdownRenderer {

    /** Renders Markdown to sanitized HTML. (Placeholder: escapes everything; replaced by commonmark + sanitizer.) */
    public String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<p>");
        for (char c : markdown.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.append("</p>").toString();
    }
}
