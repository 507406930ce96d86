package io.nexuschat.answer;

import java.util.function.Consumer;

/**
 * Produces the answer to one query. Implementations are CDI beans; {@link AnswerEngines} picks one by the experience's
 * {@code answer.engine}. Engines may block (they run on a worker or virtual thread), call {@code onChunk} with each
 * piece of Markdown as soon as it exists, in order, and return the complete answer whose {@code markdown} equals the
 * concatenation of the chunks.
 */
public interface AnswerEngine {

    /** The id experiences use to select this engine, e.g. {@code knowledge-base}. */
    String id();

    /**
     * Answers {@code request.query()} in the context of {@code request.history()}.
     *
     * @throws AnswerException when the engine cannot answer (upstream down, misconfigured)
     */
    Answer answer(AnswerRequest request, Consumer<String> onChunk);
}
