package io.nexuschat.ops;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.nexuschat.conversation.AnswerFailure;
import io.nexuschat.conversation.QueryService;

/**
 * Measures each answered query ({@link MeasuredQuery}) from its arrival ({@code PreparedQuery.startedNanos}): the
 * time to the engine's first chunk, the time to the end, and the outcome (answered, the failure's type, or error).
 */
@MeasuredQuery
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class QueryMetricsInterceptor {

    @Inject
    DomainMetrics metrics;

    @AroundInvoke
    Object measure(InvocationContext call) throws Exception {
        Object[] params = call.getParameters();
        if (params.length < 2 || !(params[0] instanceof QueryService.PreparedQuery query)
                || !(params[1] instanceof Consumer<?> consumer)) {
            return call.proceed();
        }
        @SuppressWarnings("unchecked")
        Consumer<String> chunks = (Consumer<String>) consumer;
        AtomicLong firstChunk = new AtomicLong(-1);
        Consumer<String> timed = chunk -> {
            firstChunk.compareAndSet(-1, System.nanoTime() - query.startedNanos());
            chunks.accept(chunk);
        };
        Object[] measured = params.clone();
        measured[1] = timed;
        call.setParameters(measured);
        String outcome = DomainMetrics.ERROR;
        try {
            Object answered = call.proceed();
            outcome = DomainMetrics.ANSWERED;
            return answered;
        } catch (AnswerFailure failure) {
            outcome = failure.type();
            throw failure;
        } finally {
            metrics.query(outcome, firstChunk.get(), System.nanoTime() - query.startedNanos());
        }
    }
}
