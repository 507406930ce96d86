/** The few assertions the model's tests need (no std library: nothing but npm and Maven Central is reachable). */

/** Fails unless `actual` and `expected` serialise to the same JSON. */
export function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message ? message + ': ' : ''}expected ${e}, got ${a}`);
}

/** Fails unless `condition` holds. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new Error(message);
}
