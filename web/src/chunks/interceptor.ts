/**
 * The interceptor chunk: `advanced.messageInterceptor` support, loaded (by `delivery.ts`) only by widgets configured
 * with an interceptor, right after they start.
 */
export { intercept } from '../interceptor';
