package io.nexuschat.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class KnowledgeBaseSectionTest {

    @Test
    void splitsADocumentIntoItsIntroductionAndLevelTwoSections() {
        List<KnowledgeBaseSection> sections = KnowledgeBaseSection.parse("kb/sessions.md", """
                # Sessions

                A session is one conversation.

                ## Session expiry

                Sessions expire after **24 hours**.

                ### Inactivity

                Optional timeout.

                ## Rollover
                A new session is opened.
                """);

        assertThat(sections).containsExactly(
                new KnowledgeBaseSection("kb/sessions.md", "Sessions", "Sessions", "A session is one conversation."),
                new KnowledgeBaseSection("kb/sessions.md", "Sessions", "Session expiry",
                        "Sessions expire after **24 hours**.\n\n### Inactivity\n\nOptional timeout."),
                new KnowledgeBaseSection("kb/sessions.md", "Sessions", "Rollover", "A new session is opened."));
        assertThat(sections.get(0).heading()).isEqualTo("Sessions");
        assertThat(sections.get(1).heading()).isEqualTo("Sessions › Session expiry");
    }

    @Test
    void hashLinesInsideCodeBlocksDoNotStartSections() {
        List<KnowledgeBaseSection> sections = KnowledgeBaseSection.parse("kb/a.md", """
                # A
                ## Shell
                ```bash
                # a comment, not a heading
                ./mvnw quarkus:run
                ```
                """);

        assertThat(sections).hasSize(1);
        assertThat(sections.getFirst().title()).isEqualTo("Shell");
        assertThat(sections.getFirst().markdown()).contains("# a comment, not a heading", "./mvnw quarkus:run");
    }

    @Test
    void headingsKeepTheirInlineMarkdownAndLoseClosingHashes() {
        List<KnowledgeBaseSection> sections = KnowledgeBaseSection.parse("kb/api.md", """
                # JavaScript API
                ## `clearChat()` vs `startNewSession()` ##
                Both end the session.

                Setext title
                ------------
                Text.
                """);

        assertThat(sections).extracting(KnowledgeBaseSection::title)
                .containsExactly("`clearChat()` vs `startNewSession()`", "Setext title");
    }

    @Test
    void aDocumentWithoutTitleIsNamedAfterItsFileAndEmptySectionsAreDropped() {
        List<KnowledgeBaseSection> sections = KnowledgeBaseSection.parse("demo/kb/custom-links.md", """
                ## Empty

                ## Full
                Text.
                """);

        assertThat(sections).containsExactly(
                new KnowledgeBaseSection("demo/kb/custom-links.md", "Custom links", "Full", "Text."));
    }

    @Test
    void windowsLineEndingsAreHandled() {
        List<KnowledgeBaseSection> sections = KnowledgeBaseSection.parse("kb/w.md",
                "# W\r\n## One\r\nA\r\n## Two\r\nB\r\n");

        assertThat(sections).extracting(KnowledgeBaseSection::markdown).containsExactly("A", "B");
    }
}
