/** Schemes that run code or embed content. The server strips them; the widget refuses them again (defence in depth). */
const DANGEROUS = /^(javascript|data|vbscript):/i;
/** The only schemes that navigate. */
const NAVIGATES = /^(https?|mailto|tel):$/;

/** What a click on a link in an answer does. */
export interface LinkClick {
  href: string;
  protocol: string;
  params: Record<string, string>;
  /** http(s), mailto and tel navigate; custom protocols (`tour:`…) never do. */
  navigates: boolean;
}

/**
 * Reads a clicked link (its `href`, or the `data-href` of a defused custom-protocol link); `null` for a link that must
 * never run (`javascript:`, `data:`, `vbscript:`).
 */
export function readLink(a: HTMLAnchorElement): LinkClick | null {
  const defused = a.getAttribute('href') == null;
  const href = (defused ? a.dataset.href : a.getAttribute('href')) ?? '';
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:"): so does this check.
  // deno-lint-ignore no-control-regex
  const plain = href.replace(/[\s\x00-\x1f]+/g, '');
  if (DANGEROUS.test(plain) || DANGEROUS.test(a.protocol)) return null;
  // A defused link never navigates, whatever it says (a relative href has no scheme of its own).
  const protocol = defused ? (/^[a-z][a-z\d+.-]*:/i.exec(plain)?.[0] ?? '').toLowerCase() : a.protocol.toLowerCase();
  return { href, protocol, params: linkParams(href, protocol), navigates: !defused && NAVIGATES.test(protocol) };
}

/**
 * Parameters of an href: for http(s) its query string; otherwise the part after the scheme, where `k=v&k2=v2` gives
 * an object and a bare value gives `{value}` (`tour:id=123456` → `{id: "123456"}`, `product:ABC123` →
 * `{value: "ABC123"}`), plus any `?query`.
 */
export function linkParams(href: string, protocol: string): Record<string, string> {
  if (/^https?:$/.test(protocol)) {
    try {
      return Object.fromEntries(new URL(href, location.href).searchParams);
    } catch {
      return {};
    }
  }
  const rest = href.slice(href.indexOf(':') + 1).replace(/^\/\//, '').split('#')[0];
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params: Record<string, string> = {};
  if (path.includes('=')) Object.assign(params, Object.fromEntries(new URLSearchParams(path)));
  else if (path) params.value = decode(path);
  if (q >= 0) Object.assign(params, Object.fromEntries(new URLSearchParams(rest.slice(q + 1))));
  return params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A click on a link in an answer, as `linkClick` reports it. */
export type LinkClickData = Omit<LinkClick, 'navigates'> & { text: string };

/**
 * Follows a clicked link in an answer. `javascript:`/`data:`/`vbscript:` never run; http(s), mailto and tel navigate
 * (http(s) only in a new tab, without opener); any other scheme never navigates: `clicked` reports it and its
 * `customProtocolHandlers` entry runs (a throwing handler is reported to `failed`).
 */
export function followLink(
  a: HTMLAnchorElement,
  e: MouseEvent | KeyboardEvent,
  handlers: Record<string, unknown> | undefined,
  clicked: (data: LinkClickData) => void,
  failed: (err: unknown, protocol: string, href: string) => void,
): void {
  const info = readLink(a);
  if (!info) {
    e.preventDefault();
    console.warn('[NexusChatWidget] refused to follow a link with a script or data scheme');
    return;
  }
  // Links navigate only in a new tab (set when the answer was inserted): anything else (a relative link the server let
  // through, a target changed since) must not replace the page the widget lives in.
  if (!info.navigates || (/^https?:$/.test(info.protocol) && a.target !== '_blank')) e.preventDefault();
  const { href, protocol, params } = info;
  clicked({ href, text: (a.textContent ?? '').trim(), protocol, params });
  const handler = handlers?.[protocol];
  if (info.navigates || typeof handler !== 'function') return;
  try {
    handler({ ...params }, e);
  } catch (err) {
    console.error(`[NexusChatWidget] customProtocolHandlers["${protocol}"] threw`, err);
    failed(err, protocol, href);
  }
}
