package io.nexuschat.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks {@code QueryService.answer(PreparedQuery, Consumer<String>)}: {@link QueryMetricsInterceptor} counts its
 * outcome and times its first chunk and its end.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface MeasuredQuery {
}
