package io.nexuschat.widget;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The widget's own words in one language: rendered into the shell by Qute and sent to the bundle for the strings it
 * shows later (retry, offline, errors); {@code controls} holds the words of the interaction controls; {@code newConversation} and
 * {@code conversationEnded} label the dividers shown when a bot starts or ends a session, and {@code unavailable} is
 * shown when the answer engine (e.g. the integrator's bot) fails. A deliberately small table: English, German, French, Spanish, Arabic, Hebrew.
 */
@RegisterForReflection
public record WidgetLabels(String lang, String dir, String openChat, String closeChat, String minimize, String restore,
        String maximize, String exitMaximize, String close, String conversation, String message, String placeholder,
        String send, String offline, String typing, String retry, String notSent, String queued, String errorBackend,
        String errorTimeout, String you, String assistant, WidgetControlLabels controls, String newConversation,
        String conversationEnded, String unavailable) {

    private static final WidgetLabels EN = new WidgetLabels("en", "ltr", "Open chat", "Close chat", "Minimize",
            "Restore", "Maximize", "Exit full size", "Close", "Conversation", "Message", "Type your question…", "Send",
            "You are offline. Messages will be sent when the connection is back.", "Assistant is typing",
            "Retry", "Not sent.", "Waiting for a connection; it will be sent when you are back online.",
            "Something went wrong. Please try again.", "No answer in time. Please try again.", "You", "Assistant",
            WidgetControlLabels.EN, "New conversation", "Conversation ended",
            "The assistant is not available right now. Please try again later.");

    private static final Map<String, WidgetLabels> TABLE = Map.of("en", EN,
            "de", new WidgetLabels("de", "ltr", "Chat öffnen", "Chat schließen", "Minimieren", "Wiederherstellen",
                    "Maximieren", "Volle Größe verlassen", "Schließen", "Unterhaltung", "Nachricht",
                    "Stellen Sie Ihre Frage…", "Senden",
                    "Sie sind offline. Nachrichten werden gesendet, sobald die Verbindung zurück ist.",
                    "Der Assistent schreibt", "Erneut versuchen", "Nicht gesendet.",
                    "Wartet auf Verbindung; wird gesendet, sobald Sie wieder online sind.",
                    "Etwas ist schiefgelaufen. Bitte erneut versuchen.",
                    "Keine rechtzeitige Antwort. Bitte erneut versuchen.", "Sie", "Assistent",
                    WidgetControlLabels.DE, "Neue Unterhaltung", "Unterhaltung beendet",
                    "Der Assistent ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut."),
            "fr", new WidgetLabels("fr", "ltr", "Ouvrir le chat", "Fermer le chat", "Réduire", "Restaurer",
                    "Agrandir", "Quitter le plein écran", "Fermer", "Conversation", "Message",
                    "Posez votre question…", "Envoyer",
                    "Vous êtes hors ligne. Les messages seront envoyés au retour de la connexion.",
                    "L’assistant écrit", "Réessayer", "Non envoyé.",
                    "En attente de connexion ; il sera envoyé dès votre retour en ligne.",
                    "Une erreur est survenue. Veuillez réessayer.", "Pas de réponse à temps. Veuillez réessayer.",
                    "Vous", "Assistant", WidgetControlLabels.FR, "Nouvelle conversation", "Conversation terminée",
                    "L’assistant n’est pas disponible pour le moment. Veuillez réessayer plus tard."),
            "es", new WidgetLabels("es", "ltr", "Abrir chat", "Cerrar chat", "Minimizar", "Restaurar", "Maximizar",
                    "Salir de pantalla completa", "Cerrar", "Conversación", "Mensaje", "Escribe tu pregunta…",
                    "Enviar", "Estás sin conexión. Los mensajes se enviarán cuando vuelva la conexión.",
                    "El asistente está escribiendo", "Reintentar", "No enviado.",
                    "Esperando conexión; se enviará cuando vuelvas a estar en línea.",
                    "Algo salió mal. Inténtalo de nuevo.", "Sin respuesta a tiempo. Inténtalo de nuevo.", "Tú",
                    "Asistente", WidgetControlLabels.ES, "Nueva conversación", "Conversación finalizada",
                    "El asistente no está disponible en este momento. Inténtalo de nuevo más tarde."),
            "ar", new WidgetLabels("ar", "rtl", "فتح المحادثة", "إغلاق المحادثة", "تصغير", "استعادة", "تكبير",
                    "الخروج من الحجم الكامل", "إغلاق", "المحادثة", "رسالة", "اكتب سؤالك…", "إرسال",
                    "أنت غير متصل. سيتم إرسال الرسائل عند عودة الاتصال.", "المساعد يكتب", "إعادة المحاولة",
                    "لم يتم الإرسال.", "بانتظار الاتصال؛ سيتم الإرسال عند عودتك إلى الإنترنت.",
                    "حدث خطأ ما. يرجى المحاولة مرة أخرى.", "لم يصل رد في الوقت المحدد. يرجى المحاولة مرة أخرى.",
                    "أنت", "المساعد", WidgetControlLabels.AR, "محادثة جديدة", "انتهت المحادثة",
                    "المساعد غير متاح حاليًا. يرجى المحاولة لاحقًا."),
            "he", new WidgetLabels("he", "rtl", "פתיחת צ׳אט", "סגירת צ׳אט", "מזעור", "שחזור", "הגדלה",
                    "יציאה מגודל מלא", "סגירה", "שיחה", "הודעה", "הקלידו את שאלתכם…", "שליחה",
                    "אין חיבור לרשת. ההודעות יישלחו כשהחיבור יחזור.", "העוזר מקליד", "ניסיון חוזר", "לא נשלח.",
                    "ממתין לחיבור; יישלח כשתחזרו לרשת.", "משהו השתבש. נסו שוב.", "לא התקבלה תשובה בזמן. נסו שוב.",
                    "את/ה", "העוזר", WidgetControlLabels.HE, "שיחה חדשה", "השיחה הסתיימה",
                    "העוזר אינו זמין כרגע. נסו שוב מאוחר יותר."));

    /** The words of the unread count and the teaser (serialized as {@code notices}), in this language. */
    @JsonProperty("notices")
    public WidgetNoticeLabels notices() {
        return WidgetNoticeLabels.forLang(lang);
    }

    /** The labels for a BCP 47 tag such as {@code de-CH}, by its primary language; English when unknown or null. */
    public static WidgetLabels forLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return EN;
        }
        String language = Locale.forLanguageTag(tag.replace('_', '-')).getLanguage();
        // Java maps the legacy code "iw" for Hebrew; accept both.
        return TABLE.getOrDefault("iw".equals(language) ? "he" : language, EN);
    }
}
