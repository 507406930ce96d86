/** A conversation with a fake clock and predictable ids, and readers of the effects it returns. */
import { Conversation, type Restored } from '../src/conversation/model.ts';
import type { Effect, Pending } from '../src/conversation/types.ts';

/** Predictable UUIDs: `00000000-0000-4000-8000-00000000000n`. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A conversation whose clock reads `clock.now` and whose new ids count up from 100. */
export function conversation(restored: Partial<Restored> = {}) {
  const clock = { now: 1_000 };
  let next = 100;
  const model = new Conversation(
    { sessionId: null, stored: null, outbox: [], experienceId: 'demo', ...restored },
    { now: () => clock.now, newId: () => uuid(next++) },
  );
  return { model, clock };
}

/** The names of the public events among the effects, in order. */
export const emitted = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === 'emit' ? [e.name] : []));

/** The payload of the first public event named `name`. */
export function payload(effects: Effect[], name: string): Record<string, unknown> {
  const e = effects.find((x) => x.type === 'emit' && x.name === name);
  if (!e || e.type !== 'emit') throw new Error(`no ${name} among ${JSON.stringify(effects.map((x) => x.type))}`);
  return e.payload as Record<string, unknown>;
}

/** The effects of one type. */
export function ofType<T extends Effect['type']>(effects: Effect[], type: T): Extract<Effect, { type: T }>[] {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** A waiting message. */
export const pending = (n: number, sessionId: string, extra: Partial<Pending> = {}): Pending => ({
  queryId: uuid(n),
  text: `message ${n}`,
  sessionId,
  ...extra,
});
