package io.nexuschat.answer;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers instantly by repeating the question. For wiring a widget into a site before any AI is configured, and for
 * benchmarks that measure the server's own overhead with the engine excluded.
 *
 * <p>
 * Settings: {@code extraChunks} [0] more chunks after the echo and {@code chunkDelayMillis} [0] between them — the
 * first chunk is always immediate, so a paced echo keeps streams open (like a real model) without adding to the time
 * to first chunk.
 */
@ApplicationScoped
public class EchoAnswerEngine implements AnswerEngine {

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        EngineSettings settings = EngineSettings.of(request.experience());
        int extraChunks = settings.integer("extraChunks", 0, 0, 1_000);
        int delayMillis = settings.integer("chunkDelayMillis", 0, 0, 5_000);
        StringBuilder all = new StringBuilder();
        emit("You said: " + request.query(), all, onChunk);
        for (int i = 1; i <= extraChunks; i++) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AnswerException("The answer was interrupted");
                }
            }
            emit(" .", all, onChunk);
        }
        return new Answer(all.toString(), null);
    }

    private static void emit(String chunk, StringBuilder all, Consumer<String> onChunk) {
        onChunk.accept(chunk);
        all.append(chunk);
    }
}
