/** What a conversation starts from after a (re)load: the session id to use and the stored outbox. */
import { isUuid } from '../uuid';
import type { Restored } from './model';
import type { OutboxStore } from './outbox';

/** The part of storage read here (NamespacedStorage). */
interface Storage {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/**
 * An explicit `config.sessionId` wins over the stored one (shared sessions, sessions handed over from the REST API); the
 * stored one is remembered as such, because start-up forgets it when the server no longer has it active.
 */
export function restore(storage: Storage, outbox: OutboxStore, explicit: unknown, experienceId: string): Restored {
  const storedId = storage.get<string>('session');
  const stored = isUuid(explicit) || !isUuid(storedId) ? null : storedId;
  const sessionId = isUuid(explicit) ? explicit : stored;
  if (sessionId) storage.set('session', sessionId);
  return { sessionId, stored, outbox: outbox.load(), announced: storage.get<string>('started'), experienceId };
}
