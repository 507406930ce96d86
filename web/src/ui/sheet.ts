declare const __NX_CSS__: string;

let shared: CSSStyleSheet | undefined;

/**
 * The widget stylesheet (`ui/styles.css`, minified and inlined by the build), created once per page and adopted by
 * every instance's shadow root. Constructable stylesheets are not subject to CSP `style-src`.
 */
export function sheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(__NX_CSS__);
  }
  return shared;
}
