package io.nexuschat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.nexuschat.answer.Answer;
import io.nexuschat.answer.AnswerEngines;
import io.nexuschat.answer.AnswerRequest;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo assistant answers integrators' questions about theming, consent, the unread count and the teaser from the
 * sections of its knowledge base that describe them.
 */
@QuarkusTest
class DemoKnowledgeBaseTest {

    private static final Pattern SOURCE = Pattern.compile("\\*Source: (.+?)\\*");

    @Inject
    AnswerEngines engines;

    @Inject
    ExperienceRegistry registry;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            How do I change the widget's colours to my brand?         | Theming: brand colours, fonts and parts › Brand colours and fonts with theme tokens
            Which CSS custom properties can I set?                    | Theming: brand colours, fonts and parts › Brand colours and fonts with theme tokens
            Can the widget use my own font?                           | Theming: brand colours, fonts and parts › Use your own font
            Which parts can I style with ::part?                      | Theming: brand colours, fonts and parts › Styling parts with ::part
            What if my brand colour has poor contrast?                | Theming: brand colours, fonts and parts › Readable text on a light or dark primary colour (contrast)
            How do I make the widget GDPR compliant?                  | Consent and privacy (GDPR) › The GDPR-friendly setup: consent before storage
            Does the widget set cookies before consent?               | Consent and privacy (GDPR) › The GDPR-friendly setup: consent before storage
            What does revokeConsent do?                               | Consent and privacy (GDPR) › grantConsent and revokeConsent
            Can I use sessionStorage instead of localStorage?         | Consent and privacy (GDPR) › Where the widget stores its state: the storage option
            Can the widget play a sound for new messages?             | Unread count, sound and teaser › Sound for new messages
            How do I show the unread count in the page title?         | Unread count, sound and teaser › Unread count in the page title
            How do I show a proactive teaser message?                 | Unread count, sound and teaser › Proactive teaser with showTeaser
            How do I show a teaser only on some pages after a delay?  | Unread count, sound and teaser › Teaser from the experience file
            Is there a copy button on code blocks?                    | Widget configuration › How answers are shown: code blocks, tables and long links
            """)
    void questionsAboutTheWidgetsLookPrivacyAndNoticesAreAnsweredFromTheirSection(String question, String section) {
        Experience demo = registry.require(DemoResource.EXPERIENCE);
        Answer answer = engines.forExperience(demo).answer(new AnswerRequest(demo, "s-1", List.of(), question), c -> {
        });
        Matcher source = SOURCE.matcher(answer.markdown());
        assertThat(source.find()).as("a source line in %s", answer.markdown()).isTrue();
        assertThat(source.group(1)).isEqualTo(section);
    }
}
