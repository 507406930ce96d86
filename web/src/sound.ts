let audio: AudioContext | undefined;

/**
 * A short, soft tone made with Web Audio (no audio file, `features.sound`). Nothing under `prefers-reduced-motion:
 * reduce`; a muted tab silences it like any page sound, and the browser keeps it silent until the visitor has interacted
 * with the page.
 */
export function chime(): void {
  try {
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    const a = audio ??= new AudioContext();
    const t = a.currentTime;
    const tone = a.createOscillator();
    const gain = a.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.1, t);
    gain.gain.exponentialRampToValueAtTime(1e-4, t + 0.3);
    tone.connect(gain).connect(a.destination);
    tone.start();
    tone.stop(t + 0.3);
  } catch {
    // No Web Audio: silent.
  }
}
