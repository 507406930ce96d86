/**
 * The sessions chunk: the widget's calls that change a session on the server (`sessions.ts`) — creating the session of
 * `startNewSession()`, completing an ended one (`clearChat()`, a new session, the bot's rollover) — and a visitor's
 * request for a person (`handover.ts`), loaded when one is first needed, and right after a button asking for a person
 * is offered, so that the request goes out as soon as it is clicked.
 */
export { createSession, endSession } from '../sessions';
export { requestHandover } from '../handover';
