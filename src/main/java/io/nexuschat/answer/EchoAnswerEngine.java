package io.nexuschat.answer;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers instantly by repeating the question. For wiring a widget into a site before any AI is configured, and for
 * benchmarks that measure the server's own overhead with the engine excluded.
 */
@ApplicationScoped
public class EchoAnswerEngine implements AnswerEngine {

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public Answer answer(AnswerRequest request, Consumer<String> onChunk) {
        String[] parts = {"You said: ", request.query()};
        StringBuilder all = new StringBuilder();
        for (String part : parts) {
            onChunk.accept(part);
            all.append(part);
        }
        return new Answer(all.toString(), null);
    }
}
