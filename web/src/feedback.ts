/** The controls under an answer: rating (with an optional comment), copy, read aloud. */
import { ApiError } from './api';
import { copyText } from './clipboard';
import type { WidgetContext } from './context';
import type { ReadAloud } from './speech';
import type { Tool } from './ui/view';

/** Runs the answer controls of one widget. */
export class AnswerControls {
  constructor(private readonly w: WidgetContext, private readonly speaker: () => ReadAloud | undefined) {}

  /** A control under answer `id` was used. */
  async use(id: string, tool: Tool): Promise<void> {
    const m = this.w.model.message(id);
    const view = this.w.view();
    if (!m || !view) return;
    if (tool === 'up' || tool === 'down') {
      if (m.rating !== tool) await this.rate(id, tool);
    } else if (tool === 'tts') {
      this.speaker()?.toggle(id, view.textOf(id));
    } else {
      const content = view.textOf(id);
      const messageId = m.messageId ?? m.id;
      if (await copyText(content, view.root)) {
        this.w.emit('copy', { content, messageId });
        this.w.view()?.status(id, this.w.labels().controls.copied, 2500);
      } else {
        this.w.fail('unknown', 'Copying to the clipboard failed', { messageId });
      }
    }
  }

  /** The comment form under a rated answer was sent: the rating is stored again, with the comment. */
  comment(id: string, text: string): void {
    const rating = this.w.model.message(id)?.rating;
    if (rating) void this.rate(id, rating, text.slice(0, 2000));
  }

  /** Rates an answer: fires `feedback` and stores it; a failure undoes it and fires `error` type `feedback`. */
  private async rate(id: string, rating: 'up' | 'down', comment?: string): Promise<void> {
    const w = this.w;
    const m = w.model.message(id);
    if (!m?.messageId) return;
    const before = m.rating;
    const messageId = m.messageId;
    w.apply({ type: 'rated', id, rating });
    w.emit('feedback', { rating, messageId, ...(comment && { comment }) });
    const c = w.labels().controls;
    try {
      const body = { messageId, rating, comment, userId: w.config.userId, userHash: w.config.userHash };
      await w.api.post(`/sessions/${m.sessionId ?? w.model.sessionId}/feedback`, body);
      w.view()?.status(id, c.feedbackThanks);
      w.view()?.commentForm(id, !comment);
    } catch (e) {
      if (w.destroyed()) return;
      if (w.model.message(id)?.rating === rating) w.apply({ type: 'rated', id, rating: before });
      w.view()?.status(id, c.feedbackFailed);
      const err = e instanceof ApiError ? e : undefined;
      const details = { messageId, rating, status: err?.status, problemType: err?.problem?.type };
      w.emit('error', { type: 'feedback', message: String((e as Error)?.message ?? e), details });
    }
  }
}
