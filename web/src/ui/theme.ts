import { adopt, sheetOf } from './sheet';

/** The theme tokens of `init({theme: {…}})` and of the experience; `fontSize` is the custom property `--nexus-font-size`. */
const TOKENS =
  'primary onPrimary surface text fontFamily fontSize radius panelWidth panelHeight launcherSize offsetX offsetY'
    .split(' ');

let warned = false;

/**
 * Gives a widget's shadow root its theme defaults — an accent colour, or theme objects (the experience's, then the init
 * config's), each with `primaryColor` as an alias of `primary` and `tokens` as further tokens — as a `:host` rule of
 * the instance: CSS of the host page on the `nexus-chat-widget` element outranks it. Values go through the CSSOM,
 * never into CSS text, so they cannot add rules.
 */
export function paint(root: HTMLElement, ...layers: unknown[]): void {
  const sheet = sheetOf(':host{}');
  const style = (sheet.cssRules[0] as CSSStyleRule).style;
  for (const l of layers) {
    const o = (typeof l == 'string' ? { primary: l } : l) as Record<string, any> | undefined;
    for (const t of [o, o?.tokens]) {
      for (const k of TOKENS) {
        const v = t?.[k] ?? (k == 'primary' ? t?.primaryColor : 0);
        if (typeof v == 'string') style.setProperty(`--nexus-${k.replace(/[A-Z]/g, '-$&').toLowerCase()}`, v);
      }
    }
  }
  adopt(root.getRootNode() as ShadowRoot, sheet);
}

/** WCAG relative luminance + 0.05 of a computed `rgb()` colour. */
function lum(c: string): number {
  const [r, g, b] = c.match(/[\d.]+/g)!.map((v) => {
    const x = +v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05;
}

const ratio = (a: number, b: number) => Math.max(a, b) / Math.min(a, b);

/**
 * Keeps the brand colour readable (WCAG AA, 4.5:1), whatever the page, init or experience chose: text on the accent
 * becomes black or white, whichever reads better, and links and accent-coloured text on the surface become the text
 * colour. Says so once per page in the console. Reads the colours as resolved on the mounted shell.
 */
export function legible(root: HTMLElement): void {
  const send = getComputedStyle(root.querySelector('.nx-send')!);
  const panel = getComputedStyle(root.querySelector('.nx-panel')!);
  const accent = send.backgroundColor;
  if (![accent, send.color, panel.backgroundColor, panel.columnRuleColor].every((c) => /^rgb/.test(c))) return;
  const a = lum(accent);
  let fixed = '';
  if (ratio(a, lum(send.color)) < 4.5) {
    fixed = a * a > 0.0525 ? '#000' : '#fff';
    root.style.setProperty('--nx-on-accent', fixed);
  }
  if (ratio(lum(panel.columnRuleColor), lum(panel.backgroundColor)) < 4.5) {
    root.style.setProperty('--nx-link', 'var(--nx-fg)');
    fixed ||= 'the text colour for links';
  }
  if (fixed && !warned) {
    warned = true;
    console.warn(`[NexusChatWidget] theme: ${accent} is below WCAG AA contrast (4.5:1) with its text; using ${fixed}`);
  }
}
