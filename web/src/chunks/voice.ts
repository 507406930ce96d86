/**
 * The voice chunk (loaded by `speech.ts` when first needed): voice input with the Web Speech API's `SpeechRecognition`
 * and read-aloud with `speechSynthesis`, wired to a widget.
 */
import type { WidgetContext } from '../context';

/** What voice input reports. */
export interface VoiceEvents {
  start(): void;
  /** The transcript so far (interim results included). */
  text(transcript: string): void;
  end(transcript: string, durationMs: number): void;
  fail(message: string): void;
}

/** One microphone: listens until the visitor stops speaking (or presses the button again). */
export class VoiceInput {
  private rec?: any;
  private started = 0;
  private transcript = '';

  constructor(
    private readonly Recognition: new () => any,
    private readonly language: string,
    private readonly on: VoiceEvents,
  ) {}

  get listening(): boolean {
    return !!this.rec;
  }

  toggle(): void {
    if (this.rec) this.rec.stop();
    else this.start();
  }

  private start(): void {
    const r = new this.Recognition();
    r.lang = this.language;
    r.interimResults = true;
    r.continuous = false;
    this.transcript = '';
    r.onresult = (e: any) => {
      this.transcript = Array.from(e.results as ArrayLike<any>, (x) => x[0].transcript).join('');
      this.on.text(this.transcript);
    };
    r.onerror = (e: any) => {
      // Silence and our own abort are not failures.
      if (e.error !== 'no-speech' && e.error !== 'aborted') this.on.fail(`Voice input failed: ${e.error}`);
    };
    r.onend = () => {
      if (this.rec !== r) return;
      this.rec = undefined;
      this.on.end(this.transcript.trim(), Date.now() - this.started);
    };
    this.rec = r;
    this.started = Date.now();
    try {
      r.start();
    } catch (e) {
      this.rec = undefined;
      this.on.fail(`Voice input failed: ${(e as Error)?.message ?? e}`);
      return;
    }
    this.on.start();
  }

  /** Stops listening without waiting for a result (destroy). */
  abort(): void {
    const r = this.rec;
    this.rec = undefined;
    try {
      r?.abort();
    } catch {
      // already stopped
    }
  }
}

/** What read-aloud reports. */
export interface SpeechEvents {
  start(id: string, text: string): void;
  end(id: string, durationMs: number): void;
}

/** Reads one answer at a time; starting another (or the same again) stops the current one first. */
export class ReadAloud {
  private current?: { id: string; finish: () => void; utterance: unknown };

  constructor(
    private readonly language: string,
    private readonly on: SpeechEvents,
  ) {}

  /** The answer being read, if any. */
  get reading(): string | undefined {
    return this.current?.id;
  }

  /** Reads `text` as answer `id`, or stops when `id` is being read. */
  toggle(id: string, text: string): void {
    const was = this.current?.id;
    this.stop();
    if (was !== id) this.speak(id, text);
  }

  speak(id: string, text: string): void {
    this.stop();
    const synth = (window as any).speechSynthesis;
    const u = new (window as any).SpeechSynthesisUtterance(text);
    u.lang = this.language;
    const started = Date.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (this.current?.utterance === u) this.current = undefined;
      this.on.end(id, Date.now() - started);
    };
    u.onend = finish;
    u.onerror = finish;
    // Held here until it ends: some browsers drop the end event of an utterance nothing references.
    this.current = { id, finish, utterance: u };
    this.on.start(id, text);
    synth.speak(u);
  }

  stop(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    // Not every browser fires end/error on cancel: finish here (once).
    c.finish();
    (window as any).speechSynthesis.cancel();
  }
}

/**
 * Voice input (with `Recognition`, when given) and read-aloud (when `read`) for a widget, as `speech.ts` detected
 * them: the transcript is added to what the visitor had typed, never replaces it; `voiceStart` opens the session the
 * transcript goes to.
 */
export function widgetSpeech(
  w: WidgetContext,
  language: string,
  Recognition: (new () => any) | undefined,
  read: boolean,
): { voice?: VoiceInput; speaker?: ReadAloud } {
  let voice: VoiceInput | undefined;
  let speaker: ReadAloud | undefined;
  const controls = () => w.labels().controls;
  const input = () => w.view()?.el<HTMLTextAreaElement>('input');
  /** Relabels the microphone button while it listens. */
  const listening = (on: boolean) => {
    const b = w.view()?.el('voice');
    b?.classList.toggle('nx-on', on);
    b?.setAttribute('aria-label', on ? controls().stopVoiceInput : controls().voiceInput);
  };
  /** Relabels the read-aloud buttons: `id` is the answer being read, if any. */
  const reading = (id: string | undefined) => {
    for (const [key, el] of w.view()?.items ?? []) {
      const b = el.querySelector('[data-nx-tool=tts]');
      b?.setAttribute('aria-label', key === id ? controls().stopReading : controls().readAloud);
      b?.classList.toggle('nx-on', key === id);
    }
  };
  if (Recognition) {
    let draft = '';
    voice = new VoiceInput(Recognition, language, {
      start: () => {
        draft = input()?.value.trim() ?? '';
        listening(true);
        w.apply({ type: 'sessionNeeded', trigger: 'voice' });
        w.emit('voiceStart', { language, sessionId: w.model.sessionId! });
      },
      text: (t) => {
        const i = input();
        if (i) i.value = draft && t ? `${draft} ${t}` : draft || t;
      },
      end: (transcript, duration) => {
        listening(false);
        w.emit('voiceEnd', { transcript, duration });
        w.view()?.focusInput();
      },
      fail: (message) => {
        listening(!!voice?.listening);
        w.fail('unknown', message, { call: 'voice' });
      },
    });
  }
  if (read) {
    const messageId = (id: string) => w.model.message(id)?.messageId ?? id;
    speaker = new ReadAloud(language, {
      start: (id, text) => {
        reading(id);
        w.emit('ttsStart', { text, messageId: messageId(id) });
      },
      end: (id, duration) => {
        reading(speaker?.reading);
        w.emit('ttsEnd', { duration, messageId: messageId(id) });
      },
    });
  }
  return { voice, speaker };
}
