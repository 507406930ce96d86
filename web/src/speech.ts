/**
 * Voice input and read-aloud as the widget sees them. Both are feature-detected when a widget starts (so a page, or a
 * test, that installs its own implementations before the bundle loads is honoured), but the code that does the work
 * (`chunks/voice.ts`) is a separate chunk, loaded when a visitor first presses the microphone or a read-aloud button
 * (with `features.ttsAuto`, right after start). Until it is there, what was asked for waits for it, in order.
 */
import { chunk, using } from './chunks';
import type * as Voice from './chunks/voice';
import type { WidgetContext } from './context';
import type { Features } from './types';

/** The browser's speech recognition constructor, or undefined where there is none (then the mic button stays hidden). */
export function recognition(): (new () => any) | undefined {
  const w = window as any;
  return w.SpeechRecognition || w.webkitSpeechRecognition;
}

/** True where answers can be read aloud. */
export const canSpeak = (): boolean =>
  typeof (window as any).speechSynthesis?.speak === 'function' &&
  typeof (window as any).SpeechSynthesisUtterance === 'function';

/** One microphone: listens until the visitor stops speaking (or presses the button again). */
export interface VoiceInput {
  toggle(): void;
  /** Stops listening without waiting for a result (destroy). */
  abort(): void;
}

/** Reads one answer at a time; starting another (or the same again) stops the current one first. */
export interface ReadAloud {
  /** Reads `text` as answer `id`, or stops when `id` is being read. */
  toggle(id: string, text: string): void;
  speak(id: string, text: string): void;
  stop(): void;
}

/**
 * Voice input (where supported and `features.voice`) and read-aloud (where supported and `features.tts`/`ttsAuto`)
 * for a widget (see `chunks/voice.ts`). A chunk that cannot be loaded fires `error` (type `unknown`); the next press
 * tries again.
 */
export function widgetSpeech(
  w: WidgetContext,
  language: string,
  features: Required<Features>,
): { voice?: VoiceInput; speaker?: ReadAloud } {
  const Recognition = features.voice ? recognition() : undefined;
  const read = (features.tts || features.ttsAuto) && canSpeak();
  type Parts = ReturnType<typeof Voice.widgetSpeech>;
  let real: Parts | undefined;
  let asked = false;
  /**
   * Runs `run` on the loaded parts, in the order asked (as if they had been there all along). Only a start (`start`)
   * loads the chunk: stopping what never started does nothing. A chunk that cannot be loaded fires `error`.
   */
  const use = (start: boolean, run: (r: Parts) => void) => {
    if (real) return run(real);
    if (!start && !asked) return;
    asked = true;
    using<typeof Voice>(w, 'voice', (m) => run(real ??= m.widgetSpeech(w, language, Recognition, read)));
  };
  // Read aloud automatically: the first answer must not wait for the chunk.
  if (read && features.ttsAuto) setTimeout(() => w.destroyed() || chunk('voice').catch(() => {}));
  return {
    voice: Recognition
      ? { toggle: () => use(true, (r) => r.voice?.toggle()), abort: () => use(false, (r) => r.voice?.abort()) }
      : undefined,
    speaker: read
      ? {
        toggle: (id, text) => use(true, (r) => r.speaker?.toggle(id, text)),
        speak: (id, text) => use(true, (r) => r.speaker?.speak(id, text)),
        stop: () => use(false, (r) => r.speaker?.stop()),
      }
      : undefined,
  };
}
