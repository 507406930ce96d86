declare const __NX_CSS__: string;

let shared: CSSStyleSheet | undefined;

/** A constructable stylesheet of `css`: not subject to CSP `style-src`, so a strict policy allows it. */
export function sheetOf(css: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/** Adds `sheet` to a widget's shadow root after the sheets it has, unless it has it already. */
export function adopt(root: ShadowRoot, sheet: CSSStyleSheet): void {
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * The widget stylesheet (`ui/styles.css`, minified and inlined by the build), created once per page and adopted by
 * every instance's shadow root. A chunk with styles of its own (`chunks/<name>.css`) adopts them the same way.
 */
export function sheet(): CSSStyleSheet {
  return shared ??= sheetOf(__NX_CSS__);
}
