/**
 * The interceptor chunk: `advanced.messageInterceptor` support — running it on a waiting message and applying what it
 * decided — loaded (by `delivery.ts`) only by widgets configured with an interceptor, right after they start.
 */
export { intercept, intercepted } from '../interceptor';
