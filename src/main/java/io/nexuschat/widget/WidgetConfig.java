package io.nexuschat.widget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Serving of the widget bundle ({@code nexus.widget.*}). */
@ConfigMapping(prefix = "nexus.widget")
public interface WidgetConfig {

    /**
     * Seconds browsers may use {@code /nexus-chat-widget.js} before revalidating it (with its ETag). Short, so a new
     * release reaches every site quickly; the content-hashed URL is cached for a year.
     */
    @WithDefault("300")
    int stableMaxAgeSeconds();

    /** Most messages of a resumed session sent to the widget by init (the latest ones). */
    @WithDefault("200")
    int historyLimit();
}
