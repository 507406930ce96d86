let audio: AudioContext | undefined;

/**
 * A short, soft two-note tone made with Web Audio (no audio file, `features.sound`). Nothing under
 * `prefers-reduced-motion: reduce`; a muted tab silences it like any page sound; before the visitor has interacted with
 * the page the browser keeps it silent.
 */
export function chime(): void {
  try {
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    const a = audio ??= new AudioContext();
    a.resume().catch(() => {});
    const t = a.currentTime;
    const gain = a.createGain();
    const tone = a.createOscillator();
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.1, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.4);
    tone.frequency.setValueAtTime(660, t);
    tone.frequency.setValueAtTime(880, t + 0.12);
    tone.connect(gain).connect(a.destination);
    tone.start(t);
    tone.stop(t + 0.4);
  } catch {
    // No Web Audio: silent.
  }
}
