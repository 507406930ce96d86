/** The visitor's typing as `typing` (throttled) and `typingStop` (after a pause, on blur or on send) events. */

const THROTTLE_MS = 500;
const IDLE_MS = 1000;

/** Turns input events into throttled `typing` and one `typingStop` per burst. */
export class TypingTracker {
  private text = '';
  private since = 0;
  private timer = 0;

  constructor(
    private readonly typing: (text: string) => void,
    private readonly stopped: (finalText: string) => void,
  ) {}

  /** The input's text changed. */
  input(text: string): void {
    if (!text) return this.stop();
    const now = Date.now();
    this.text = text;
    if (now - this.since >= THROTTLE_MS) {
      this.since = now;
      this.typing(text);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** Typing ended (pause, blur, send): `typingStop` once, if `typing` fired. */
  stop(): void {
    clearTimeout(this.timer);
    if (!this.since) return;
    this.since = 0;
    this.stopped(this.text);
  }
}
