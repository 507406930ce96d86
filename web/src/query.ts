/** The query stream's protocol (`POST /query`, `text/event-stream`): its server-sent events as conversation events. */
import { ApiError } from './api';
import type { ConversationEvent } from './conversation/types';
import type { CompleteEventData } from './model';
import type { SseEvent } from './sse';

/**
 * The conversation event a server-sent event of the answer to `queryId` means: `session` (created or rolled over),
 * `chunk`, `complete`; undefined for events this bundle does not know. An `error` event throws the {@link ApiError} it
 * reports, so the stream fails like a failed request.
 */
export function queryEvent(ev: SseEvent, queryId: string, duration: () => number): ConversationEvent | undefined {
  const data = JSON.parse(ev.data);
  switch (ev.event) {
    case 'session':
      return data && typeof data === 'object' ? { type: 'sessionChanged', queryId, data } : undefined;
    case 'chunk':
      return { type: 'chunk', queryId, chunk: String(data.chunk ?? '') };
    case 'complete': {
      const d = data as CompleteEventData;
      const { answer, answerHtml: html, messageId, actions } = d;
      return { type: 'completed', queryId, answer, html, messageId, actions, duration: duration() };
    }
    case 'error':
      throw new ApiError(data.message || 'The answer failed', data.type === 'timeout' ? 'timeout' : 'backend');
  }
  return undefined;
}
