/**
 * The headless conversation of one widget: the session id, the outbox and the message list. It changes only through
 * {@link Conversation.apply}, which returns the effects the widget carries out (view, events, storage, network), in the
 * order they must happen. No DOM, no storage, no network here, so it is unit-tested without a browser.
 */
import { validActions } from '../actions';
import type { WidgetEventMap, WidgetEventName } from '../types';
import { isUuid } from '../uuid';
import { history } from './history';
import type { ConversationEvent, Effect, Emit, Msg, Pending, Snapshot, StartMetadata, SyncMessage } from './types';

/** What the conversation starts from (read from storage by the widget). */
export interface Restored {
  /** The id to use: a configured one, else the stored one. */
  sessionId: string | null;
  /** The id found in storage (dropped at resume if the server no longer has it active). */
  stored: string | null;
  /** The stored outbox, waiting and failed messages. */
  outbox: Pending[];
  /** The last session id `sessionStart` was emitted for. */
  announced?: string | null;
  /** Added to `sessionStart.metadata`. */
  experienceId: string;
}

/** Clock and id source, injected so tests are deterministic. */
export interface Sources {
  now(): number;
  newId(): string;
}

/** The answer's id in the message list: derived from its question's, so every tab finds it. */
export const answerId = (queryId: string): string => `a-${queryId}`;

/** A headless conversation: state plus one `apply(event)` that changes it. */
export class Conversation {
  private sid: string | null;
  private readonly stored: string | null;
  private readonly experienceId: string;
  private announcedId: string | null;
  private startedAt: number;
  private count = 0;
  private list: Msg[] = [];
  private box: Pending[] = [];
  private showWelcome = true;
  /** A `session.newSessionOnEvent` button ran: the next message starts a new session. */
  private renew = false;
  private out: Effect[] = [];

  constructor(restored: Restored, private readonly src: Sources) {
    this.sid = restored.sessionId;
    this.stored = restored.stored;
    this.announcedId = restored.announced ?? null;
    this.experienceId = restored.experienceId;
    this.startedAt = src.now();
    for (const p of restored.outbox) {
      this.box.push(p);
      this.list.push({ ...userMsg(p), state: p.failed ? 'failed' : 'queued' });
    }
  }

  /** The current session id, or null when the next message opens a new session. */
  get sessionId(): string | null {
    return this.sid;
  }

  /** Messages of the session so far (questions and answers, as `sessionEnd` counts them). */
  get messageCount(): number {
    return this.count;
  }

  /** The messages shown, in order. */
  get messages(): readonly Msg[] {
    return this.list;
  }

  /** The outbox: waiting messages in sending order, and failed ones (flagged). */
  get outbox(): readonly Pending[] {
    return this.box;
  }

  /** Whether the welcome message shows. */
  get welcome(): boolean {
    return this.showWelcome;
  }

  /** The next message to send, if any. */
  next(): Pending | undefined {
    return this.box.find((p) => !p.failed);
  }

  /** A message of the outbox by its query id. */
  pending(queryId: string): Pending | undefined {
    return this.find(queryId);
  }

  /** A shown message by id. */
  message(id: string): Msg | undefined {
    return this.list.find((m) => m.id === id);
  }

  /** Applies one event and returns what the widget must do about it, in order. */
  apply(e: ConversationEvent): Effect[] {
    this.out = [];
    switch (e.type) {
      case 'resumed':
        this.resume(e.session);
        break;
      case 'sent':
        this.add(e.text);
        break;
      case 'sessionNeeded':
        if (!this.sid) this.begin(this.src.newId(), { trigger: e.trigger });
        break;
      case 'sending':
        this.sending(e.queryId);
        break;
      case 'waiting':
        for (const p of this.box) if (!p.failed) this.user(p, 'queued');
        break;
      case 'intercepted':
        this.update(e.queryId, (p) => ({ ...p, seen: true, send: e.send, meta: e.meta }));
        break;
      case 'sessionChanged':
        this.sessionChanged(e.queryId, e.data.sessionId, e.data.reason, e.data.previousSessionId);
        break;
      case 'chunk':
        this.chunk(e.queryId, e.chunk);
        break;
      case 'completed':
        this.completed(e);
        break;
      case 'failed':
        this.failed(e.queryId, e.offline);
        break;
      case 'retried':
        this.retried(e.queryId);
        break;
      case 'renewNext':
        this.renew = !!this.sid;
        break;
      case 'cleared':
        this.clear();
        break;
      case 'newSession':
        this.newSession(e.id);
        break;
      case 'sessionCreated':
        if (e.id === this.sid) this.effect({ type: 'sync', message: { t: 'session', id: e.id, at: this.startedAt } });
        break;
      case 'newSessionRefused':
        // Only this tab knew the id (other tabs hear of a new session once the server created it).
        if (e.id === this.sid) this.setSession(null);
        break;
      case 'noted':
        this.show({ id: e.id, role: 'note', text: e.text }, true);
        break;
      case 'teased':
        this.show({ id: e.id, role: 'bot', text: e.text, local: true, actions: e.actions });
        break;
      case 'rated':
        this.rate(e.id, e.rating);
        break;
      case 'tabSync':
        this.tabSync(e.message);
        break;
    }
    return this.out;
  }

  // ------------------------------------------------------------------ sessions

  private effect(e: Effect): void {
    // The outbox is stored once per event, however many times the event changed it.
    if (e.type === 'outbox' && this.out.some((x) => x.type === 'outbox')) return;
    this.out.push(e);
  }

  /** Queues a public event, with the current `sessionId` added where the payload has none (as the contract says). */
  private emit<E extends WidgetEventName>(name: E, payload: Omit<WidgetEventMap[E], 'timestamp'>): void {
    const p = payload as { sessionId?: string | null };
    if (!('sessionId' in p) && this.sid) p.sessionId = this.sid;
    this.effect({ type: 'emit', name, payload } as Emit);
  }

  private setSession(id: string | null): void {
    this.sid = id;
    this.effect({ type: 'session', id });
  }

  private begin(id: string, metadata: StartMetadata, tell = true): void {
    this.startedAt = this.src.now();
    this.count = 0;
    this.setSession(id);
    if (tell) this.effect({ type: 'sync', message: { t: 'session', id, at: this.startedAt } });
    this.announce(id, metadata);
  }

  /** `sessionStart` once per session id (the server's `created` for a session announced already is not news). */
  private announce(id: string, metadata: StartMetadata): void {
    if (this.announcedId === id) return;
    this.announcedId = id;
    this.effect({ type: 'announced', id });
    const payload = { sessionId: id, metadata: { ...metadata, experienceId: this.experienceId } };
    this.emit('sessionStart', payload);
  }

  /** `sessionEnd` for the current session, and its completion on the server. */
  private end(messageCount = this.count): void {
    const id = this.sid;
    if (!id) return;
    const duration = this.src.now() - this.startedAt;
    this.emit('sessionEnd', { sessionId: id, duration, messageCount });
    this.effect({ type: 'ended', id });
  }

  /** `clearChat()`: ends the session and clears; the next message opens a new session. */
  private clear(): void {
    this.emit('sessionClear', { messageCount: this.count });
    this.end();
    this.setSession(null);
    this.reset(false);
    this.effect({ type: 'sync', message: { t: 'reset', id: null, at: this.src.now(), welcome: false } });
  }

  /**
   * Ends the session, clears, and starts `id` at once (so `startNewSession` can return it). Other tabs clear now but
   * join `id` only when the server created it: a 409 then leaves no tab holding a refused id.
   */
  private newSession(id: string): void {
    this.end();
    this.reset(true);
    this.begin(id, { trigger: 'startNewSession' }, false);
    this.effect({ type: 'sync', message: { t: 'reset', id: null, at: this.startedAt, welcome: true } });
    this.effect({ type: 'create', id });
  }

  /** The server's `session` event for the message `queryId` is answering (or, after the answer, has answered). */
  private sessionChanged(queryId: string, id: string | null, reason: string, previous?: string | null): void {
    const item = this.find(queryId);
    if (!item) {
      // After the answer: the bot ended the session it is stored in, and started `id` or (null) left it to the next
      // message.
      if (previous && previous === this.sid) {
        this.end();
        this.divider(queryId, id ? 'newConversation' : 'conversationEnded', answerId(queryId));
        if (isUuid(id)) this.begin(id, { trigger: 'rollover', previousSessionId: previous, reason });
        else {
          this.setSession(null);
          this.effect({ type: 'sync', message: { t: 'session', id: null, at: this.src.now() } });
        }
      }
      return;
    }
    if (!isUuid(id)) return;
    if (id === item.sessionId) {
      // The server created the id this message was sent with: a configured id seen for the first time starts here.
      if (reason === 'created' && id === this.sid) this.announce(id, { trigger: 'message' });
      return;
    }
    if (item.sessionId !== this.sid) return;
    // A rollover: the message in flight belongs to the new session, not to the ended one — unless the bot carried it
    // there (`bot`): then it was asked in both, and what streamed in the ended one is dropped.
    const carried = reason === 'bot';
    this.end(carried ? this.count : Math.max(0, this.count - 1));
    if (carried) {
      this.unstream(queryId);
      this.divider(queryId, 'newConversation', queryId);
    }
    this.begin(id, { trigger: 'rollover', previousSessionId: previous ?? undefined, reason });
    this.count = 1;
    this.update(queryId, (p) => ({ ...p, sessionId: id }));
  }

  /** The line between two sessions, shown after `after` (or last). */
  private divider(id: string, label: Msg['divider'], after?: string): void {
    this.show({ id: `d-${id}`, role: 'note', text: '', divider: label, after }, true);
  }

  private resume(s: Snapshot | undefined): void {
    const resumed = !!s && s.id === this.sid && s.status === 'active';
    // A message already sent (or waiting) with the stored id keeps it: the server answers it with a rollover, which
    // must become sessionEnd/sessionStart instead of a third session.
    const inUse = this.box.some((p) => !p.failed && p.sessionId === this.stored);
    if (!resumed && this.stored && this.stored === this.sid && !inUse) {
      // A stored session the server no longer has active: forget it (and its used buttons); the next message starts
      // a fresh one.
      this.setSession(null);
      this.effect({ type: 'forgetUsed' });
    }
    if (!s || !resumed) return;
    this.startedAt = Date.parse(s.createdAt) || this.src.now();
    this.count = s.messageCount ?? s.messages.length;
    const past = history(s);
    const seen = new Set(past.map((m) => m.id));
    this.list = [...past, ...this.list.filter((m) => !seen.has(m.id))];
    // Kept messages the server already answered (stored before the reload) are not sent again; one whose answer is
    // not stored yet is, and the server replays or finishes it under the same queryId, shown in place.
    const kept = this.box.filter((p) => !seen.has(answerId(p.queryId)));
    if (kept.length !== this.box.length) {
      this.box = kept;
      this.effect({ type: 'outbox' });
    }
  }

  // ------------------------------------------------------------------ messages

  private add(text: string): void {
    if (this.renew && this.sid) {
      this.end();
      this.divider(this.src.newId(), 'newConversation');
      this.setSession(null);
    }
    this.renew = false;
    if (!this.sid) this.begin(this.src.newId(), { trigger: 'message' });
    const p: Pending = { queryId: this.src.newId(), text, sessionId: this.sid! };
    this.count++;
    this.user(p, undefined, true);
    this.emit('messageStart', { message: text, queryId: p.queryId });
    this.box.push(p);
    this.effect({ type: 'outbox' });
  }

  private sending(queryId: string): void {
    const item = this.find(queryId);
    if (!item) return;
    // A message kept from an ended or forgotten session goes to the current one (or opens a new one).
    if (item.sessionId !== this.sid) {
      if (!this.sid) this.begin(this.src.newId(), { trigger: 'message' });
      this.update(queryId, (p) => ({ ...p, sessionId: this.sid! }));
    }
    this.user(item);
  }

  /** Where an answer goes: after its question, or after the divider when the bot carried it into a new session. */
  private at(queryId: string): string {
    return this.message(`d-${queryId}`) ? `d-${queryId}` : queryId;
  }

  private chunk(queryId: string, chunk: string): void {
    const id = answerId(queryId);
    const text = (this.message(id)?.text ?? '') + chunk;
    this.show({ id, role: 'bot', text, state: 'streaming', after: this.at(queryId) }, true);
    this.emit('messageChunk', { chunk, queryId });
  }

  private completed(e: ConversationEvent & { type: 'completed' }): void {
    const item = this.find(e.queryId);
    const id = answerId(e.queryId);
    this.count++;
    const after = this.at(e.queryId);
    const answer: Msg = e.local ? { id, role: 'bot', text: e.answer, local: true, actions: e.actions, after } : {
      id,
      role: 'bot',
      text: e.answer,
      html: e.html ?? '',
      after,
      messageId: e.messageId,
      sessionId: item?.sessionId ?? this.sid ?? undefined,
      actions: validActions(e.actions),
    };
    this.show(answer, true);
    const { answer: text, queryId, duration, messageId } = e;
    this.emit('messageComplete', { answer: text, queryId, duration, ...(messageId && { messageId }) });
    this.effect({ type: 'answered', id });
    // Answered: off the outbox (now, so a reload from here on never sends it again).
    if (item) {
      this.box = this.box.filter((p) => p.queryId !== e.queryId);
      this.effect({ type: 'outbox' });
    }
  }

  private failed(queryId: string, offline: boolean): void {
    const item = this.find(queryId);
    if (!item) return;
    this.unstream(queryId);
    if (offline) return this.user(item, 'queued');
    this.update(queryId, (p) => ({ ...p, failed: true }));
    this.user(item, 'failed');
  }

  private retried(queryId?: string): void {
    const items = this.box.filter((p) => p.failed && (!queryId || p.queryId === queryId));
    if (!items.length) return;
    const again = items.map(({ failed: _, ...p }) => p);
    // Retried messages go out after the ones already waiting.
    this.box = [...this.box.filter((p) => !items.includes(p)), ...again];
    for (const p of again) this.user(p);
    this.effect({ type: 'outbox' });
  }

  /** Removes the part of an answer that streamed so far. */
  private unstream(queryId: string): void {
    const partial = this.message(answerId(queryId));
    if (partial?.state === 'streaming') this.unshow(partial.id);
  }

  /**
   * The visitor's rating of an answer (not shared with other tabs: `feedback` fired only here; the feedback chunk shows
   * it on the thumbs).
   */
  private rate(id: string, rating: 'up' | 'down' | undefined): void {
    const m = this.message(id);
    if (m) m.rating = rating;
  }

  /** Drops the conversation: the request in flight, unsent and failed messages, the shown messages. */
  private reset(welcome: boolean): void {
    this.box = [];
    this.list = [];
    this.renew = false;
    this.showWelcome = welcome;
    this.effect({ type: 'reset', welcome });
    this.effect({ type: 'outbox' });
  }

  /** Applies what another tab showing this widget did. No public events: they fired in that tab. */
  private tabSync(s: SyncMessage): void {
    if (!s || typeof s !== 'object') return;
    // A null id: the bot ended the session there, and the next message opens one.
    if (s.t === 'session' && (s.id === null || isUuid(s.id)) && s.id !== this.sid) {
      this.sid = s.id;
      this.announcedId = s.id;
      this.startedAt = s.at;
      this.count = 0;
    } else if (s.t === 'reset') {
      this.reset(s.welcome);
      // The other tab stored the session id already.
      this.sid = isUuid(s.id) ? s.id : null;
      if (this.sid) this.announcedId = this.sid;
      this.startedAt = s.at;
      this.count = 0;
    } else if (s.t === 'msg' && s.m && typeof s.m.id === 'string') {
      const old = this.message(s.m.id);
      // A question, and an answer when it completes, count once (as in the tab that sent it).
      if (s.m.role !== 'note' && !s.m.state && (!old || old.state)) this.count++;
      this.show({ ...s.m, rating: old?.rating });
    }
  }

  // ------------------------------------------------------------------ list and outbox

  /** The visitor's bubble: the one place it is made, in whatever state its message is. */
  private user(p: Pending, state?: 'queued' | 'failed', broadcast = false): void {
    this.show({ ...userMsg(p), state }, broadcast);
  }

  private show(m: Msg, broadcast = false): void {
    const i = this.list.findIndex((x) => x.id === m.id);
    const after = m.after ? this.list.findIndex((x) => x.id === m.after) : -1;
    if (i >= 0) this.list[i] = m;
    else if (after >= 0) this.list.splice(after + 1, 0, m);
    else this.list.push(m);
    this.effect({ type: 'render', msg: m, broadcast });
  }

  private unshow(id: string): void {
    this.list = this.list.filter((m) => m.id !== id);
    this.effect({ type: 'remove', id });
  }

  private find(queryId: string): Pending | undefined {
    return this.box.find((p) => p.queryId === queryId);
  }

  private update(queryId: string, change: (p: Pending) => Pending): void {
    this.box = this.box.map((p) => (p.queryId === queryId ? change(p) : p));
    this.effect({ type: 'outbox' });
  }
}

function userMsg(p: Pending): Msg {
  return { id: p.queryId, role: 'user', text: p.text, ...(p.failed && { state: 'failed' as const }) };
}
