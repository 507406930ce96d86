package io.nexuschat.widget;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The words of the widget's interaction controls (feedback, copy, read aloud, voice input, disclaimer, handover note)
 * in one language; part of {@link WidgetLabels}.
 *
 * @param helpful the thumbs-up button
 * @param notHelpful the thumbs-down button
 * @param copy the copy button
 * @param copied announced after a copy
 * @param readAloud the read-aloud button
 * @param stopReading the read-aloud button while it reads
 * @param voiceInput the microphone button
 * @param stopVoiceInput the microphone button while it listens
 * @param comment label of the optional feedback comment
 * @param sendComment the button that sends the comment
 * @param feedbackThanks announced when feedback was stored
 * @param feedbackFailed announced when feedback could not be stored
 * @param handoverRequested note shown after a handover was requested
 * @param accept default label of the disclaimer's accept button
 * @param disclaimer accessible name of a disclaimer without a title
 * @param actions accessible name of a row of action buttons
 */
@RegisterForReflection
public record WidgetControlLabels(String helpful, String notHelpful, String copy, String copied, String readAloud,
        String stopReading, String voiceInput, String stopVoiceInput, String comment, String sendComment,
        String feedbackThanks, String feedbackFailed, String handoverRequested, String accept, String disclaimer,
        String actions) {

    static final WidgetControlLabels EN = new WidgetControlLabels("Helpful", "Not helpful", "Copy", "Copied",
            "Read aloud", "Stop reading", "Speak your message", "Stop listening", "Tell us more (optional)",
            "Send feedback", "Thanks for your feedback.", "Feedback not sent. Please try again.",
            "You asked to talk to a person. Your request has been passed on.", "Accept", "Disclaimer",
            "Suggested actions");

    static final WidgetControlLabels DE = new WidgetControlLabels("Hilfreich", "Nicht hilfreich", "Kopieren",
            "Kopiert", "Vorlesen", "Vorlesen beenden", "Nachricht sprechen", "Zuhören beenden",
            "Erzählen Sie uns mehr (optional)", "Feedback senden", "Danke für Ihr Feedback.",
            "Feedback nicht gesendet. Bitte erneut versuchen.",
            "Sie möchten mit einer Person sprechen. Ihre Anfrage wurde weitergeleitet.", "Akzeptieren", "Hinweis",
            "Vorgeschlagene Aktionen");

    static final WidgetControlLabels FR = new WidgetControlLabels("Utile", "Pas utile", "Copier", "Copié",
            "Lire à voix haute", "Arrêter la lecture", "Dicter votre message", "Arrêter l’écoute",
            "Dites-nous en plus (facultatif)", "Envoyer l’avis", "Merci pour votre avis.",
            "Avis non envoyé. Veuillez réessayer.",
            "Vous avez demandé à parler à une personne. Votre demande a été transmise.", "Accepter",
            "Avertissement", "Actions suggérées");

    static final WidgetControlLabels ES = new WidgetControlLabels("Útil", "No es útil", "Copiar", "Copiado",
            "Leer en voz alta", "Dejar de leer", "Dictar tu mensaje", "Dejar de escuchar",
            "Cuéntanos más (opcional)", "Enviar opinión", "Gracias por tu opinión.",
            "Opinión no enviada. Inténtalo de nuevo.",
            "Pediste hablar con una persona. Tu solicitud se ha transmitido.", "Aceptar", "Aviso",
            "Acciones sugeridas");

    static final WidgetControlLabels AR = new WidgetControlLabels("مفيد", "غير مفيد", "نسخ", "تم النسخ",
            "قراءة بصوت عالٍ", "إيقاف القراءة", "قل رسالتك", "إيقاف الاستماع", "أخبرنا بالمزيد (اختياري)",
            "إرسال الملاحظات", "شكرًا على ملاحظاتك.", "لم يتم إرسال الملاحظات. يرجى المحاولة مرة أخرى.",
            "طلبت التحدث إلى شخص. تم تمرير طلبك.", "موافق", "إخلاء المسؤولية", "إجراءات مقترحة");

    static final WidgetControlLabels HE = new WidgetControlLabels("מועיל", "לא מועיל", "העתקה", "הועתק",
            "הקראה", "הפסקת ההקראה", "הכתבת הודעה", "הפסקת ההאזנה", "ספרו לנו עוד (לא חובה)", "שליחת משוב",
            "תודה על המשוב.", "המשוב לא נשלח. נסו שוב.", "ביקשתם לדבר עם נציג. הבקשה הועברה.", "אישור",
            "הבהרה", "פעולות מוצעות");
}
