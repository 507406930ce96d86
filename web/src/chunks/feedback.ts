/**
 * The feedback chunk: rating an answer (thumbs up or down, stored on the server) and the optional comment form then
 * offered under it, with its styles (`feedback.css`). Loaded by a widget when a visitor first rates an answer.
 */
import type { ApiError } from '../api';
import type { WidgetContext } from '../context';
import { adopt, sheetOf } from '../ui/sheet';

declare const __NX_CSS__: string;

let sheet: CSSStyleSheet | undefined;

/**
 * Rates answer `id`: fires `feedback` and stores it; a failure undoes it and fires `error` type `feedback`. Stored
 * without a comment, the rating offers the comment form, whose text is stored with the rating again.
 */
export async function rate(w: WidgetContext, id: string, rating: 'up' | 'down', comment?: string): Promise<void> {
  const m = w.model.message(id);
  if (!m?.messageId) return;
  const before = m.rating;
  const messageId = m.messageId;
  rated(w, id, rating);
  w.emit('feedback', { rating, messageId, ...(comment && { comment }) });
  const c = w.labels().controls;
  try {
    const body = { messageId, rating, comment, userId: w.config.userId, userHash: w.config.userHash };
    await w.api.post(`/sessions/${m.sessionId ?? w.model.sessionId}/feedback`, body);
    w.view()?.status(id, c.feedbackThanks);
    commentForm(w, id, !comment);
  } catch (e) {
    if (w.destroyed()) return;
    if (w.model.message(id)?.rating === rating) rated(w, id, before);
    w.view()?.status(id, c.feedbackFailed);
    // Read, not tested with `instanceof`: ApiError is the widget's class, and this chunk has a copy of its own.
    const err = e as ApiError | undefined;
    const details = { messageId, rating, status: err?.status, problemType: err?.problem?.type };
    w.emit('error', { type: 'feedback', message: String(err?.message ?? e), details });
  }
}

/** Gives answer `id` the visitor's rating (none: `undefined`), and shows it on its thumbs. */
function rated(w: WidgetContext, id: string, rating: 'up' | 'down' | undefined): void {
  w.apply({ type: 'rated', id, rating });
  for (const t of ['up', 'down']) {
    w.view()?.items.get(id)?.querySelector(`[data-nx-tool=${t}]`)?.setAttribute('aria-pressed', String(rating === t));
  }
}

/** Offers (or removes) the optional comment form under rated answer `id`. */
function commentForm(w: WidgetContext, id: string, show: boolean): void {
  const view = w.view();
  const el = view?.items.get(id);
  if (!view || !el) return;
  const existing = el.querySelector('form.nx-comment');
  if (!show) {
    const hadFocus = !!existing?.contains(view.root.activeElement);
    existing?.remove();
    // Focus leaves with the sent form: back to the pressed thumb, so keyboard users stay in place.
    if (hadFocus) el.querySelector<HTMLElement>('[data-nx-tool][aria-pressed=true]')?.focus();
    return;
  }
  if (existing) return;
  adopt(view.root, sheet ??= sheetOf(__NX_CSS__));
  const form = view.clone<HTMLFormElement>('tpl-comment');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = form.querySelector('textarea')!.value.trim();
    const rating = w.model.message(id)?.rating;
    if (text && rating) void rate(w, id, rating, text.slice(0, 2000));
  });
  el.append(form);
  form.scrollIntoView({ block: 'nearest' });
}
