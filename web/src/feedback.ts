/** The controls under an answer: rating (with an optional comment: the feedback chunk), copy, read aloud. */
import { using } from './chunks';
import type * as Feedback from './chunks/feedback';
import { copyText } from './clipboard';
import type { WidgetContext } from './context';
import type { ReadAloud } from './speech';
import type { Tool } from './ui/view';

/** Control `tool` under answer `id` of widget `w` was used (`speaker`: its read-aloud, when on). */
export async function useTool(w: WidgetContext, speaker: ReadAloud | undefined, id: string, tool: Tool): Promise<void> {
  const m = w.model.message(id);
  const view = w.view();
  if (!m || !view) return;
  if (tool === 'up' || tool === 'down') {
    using<typeof Feedback>(w, 'feedback', (f) => w.model.message(id)?.rating !== tool && f.rate(w, id, tool));
  } else if (tool === 'tts') {
    speaker?.toggle(id, view.textOf(id));
  } else {
    const content = view.textOf(id);
    const messageId = m.messageId ?? m.id;
    if (await copyText(content, view.root)) {
      w.emit('copy', { content, messageId });
      w.view()?.status(id, w.labels().controls.copied, 2500);
    } else {
      w.fail('unknown', 'Copying to the clipboard failed', { messageId });
    }
  }
}
