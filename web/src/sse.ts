/** One server-sent event: its `event` name (default `message`) and its `data` text. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser of a `text/event-stream` body (WHATWG rules: `event:`/`data:` fields, blank line dispatches,
 * `:` comments ignored, CR/LF/CRLF line ends). Feed it decoded text as it arrives; it returns the complete events.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    let m: RegExpExecArray | null;
    const line = /\r\n|\r|\n/g;
    let start = 0;
    while ((m = line.exec(this.buffer))) {
      // A lone CR at the very end may be the first half of CRLF: wait for more text.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      this.field(this.buffer.slice(start, m.index), out);
      start = m.index + m[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private field(l: string, out: SseEvent[]): void {
    if (l === '') {
      if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (l[0] === ':') return;
    const i = l.indexOf(':');
    const name = i < 0 ? l : l.slice(0, i);
    const value = i < 0 ? '' : l.slice(l[i + 1] === ' ' ? i + 2 : i + 1);
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
  }
}
