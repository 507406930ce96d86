/**
 * Parts of the widget loaded only when they are used: ES modules in `chunks/`, built beside the bundle and served from
 * the origin the bundle came from, under their content hash (`/widget/nexus-chat-widget-<name>.<hash>.js`, named by
 * the build). `import()` is governed by the page's `script-src` like the bundle itself and carries the bundle's
 * `nonce`; no code is ever made from strings.
 */
import type { WidgetContext } from './context';

declare const __NX_CHUNKS__: Record<string, string>;

const script = globalThis.document?.currentScript as HTMLScriptElement | null | undefined;

/** The origin this script came from: the default `apiUrl` and the chunks are relative to it, not to the host page. */
export const scriptOrigin = script?.src ? new URL(script.src).origin : globalThis.location?.origin;

/** Chunks loaded or loading, by name (unit tests put a module here instead of serving it). */
export const loading: Record<string, Promise<unknown>> = {};
/** Failed chunk loads so far: a load tried again asks for another URL, since browsers remember a failed import. */
let failures = 0;

/** Loads chunk `name` once per page; a failed load is tried again on the next call. */
export function chunk<T>(name: string): Promise<T> {
  return (loading[name] ??= import(`${scriptOrigin}/widget/${__NX_CHUNKS__[name]}${failures ? `?${failures}` : ''}`)
    .catch((e) => {
      delete loading[name];
      failures++;
      throw e;
    })) as Promise<T>;
}

/**
 * Runs `use` with chunk `name` once it is loaded, unless widget `w` was destroyed meanwhile. A load that fails fires
 * `error` (type `unknown`, "<Name> could not be loaded: …", `details.call` the chunk's name); the next use tries again.
 */
export function using<T>(w: WidgetContext, name: string, use: (m: T) => void): void {
  chunk<T>(name).then((m) => w.destroyed() || use(m), (e) => {
    const what = name[0].toUpperCase() + name.slice(1);
    w.fail('unknown', `${what} could not be loaded: ${(e as Error)?.message ?? e}`, { call: name });
  });
}
