package io.nexuschat.widget;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The words of the notices the bundle adds beside the launcher, in one language; part of {@link WidgetLabels}.
 *
 * @param unread the unread count, announced and added to the launcher's name; {@code {n}} stands for the count
 * @param dismiss the teaser's close button
 */
@RegisterForReflection
public record WidgetNoticeLabels(String unread, String dismiss) {

    static final WidgetNoticeLabels EN = new WidgetNoticeLabels("New messages: {n}", "Dismiss");

    private static final Map<String, WidgetNoticeLabels> TABLE = Map.of("en", EN,
            "de", new WidgetNoticeLabels("Neue Nachrichten: {n}", "Schließen"),
            "fr", new WidgetNoticeLabels("Nouveaux messages : {n}", "Fermer"),
            "es", new WidgetNoticeLabels("Mensajes nuevos: {n}", "Descartar"),
            "ar", new WidgetNoticeLabels("رسائل جديدة: {n}", "تجاهل"),
            "he", new WidgetNoticeLabels("הודעות חדשות: {n}", "סגירה"));

    /** The notices in the language {@code lang} of a {@link WidgetLabels}; English when unknown. */
    static WidgetNoticeLabels forLang(String lang) {
        return TABLE.getOrDefault(lang, EN);
    }
}
