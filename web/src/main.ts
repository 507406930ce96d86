/**
 * Entry of the widget bundle: installs `window.NexusChatWidget` (its only global) and replays the calls the snippet
 * queued before this script loaded. Wiring only; the widget lives in widget.ts.
 */
import type { NexusChatWidgetGlobal, NexusChatWidgetInstance, WidgetConfig } from './types';
import { Widget } from './widget';
import { scriptOrigin } from './chunks';

/** A proxy instance created by the snippet (snippet.ts) before the bundle loaded. */
interface QueuedInstance {
  _c: WidgetConfig;
  _q: [keyof NexusChatWidgetInstance, unknown[]][];
  _r?: NexusChatWidgetInstance;
}

const existing = (window as any).NexusChatWidget as
  | (Partial<NexusChatWidgetGlobal> & { _i?: QueuedInstance[] })
  | undefined;

// A second copy of the bundle on the page keeps the first one (double install must not reset live widgets).
if (!existing?.version) {
  const api: NexusChatWidgetGlobal = {
    version: '1.0.0',
    init: (config) => new Widget(config, scriptOrigin),
  };
  Object.defineProperty(window, 'NexusChatWidget', { value: Object.freeze(api), configurable: true, writable: true });
  for (const p of existing?._i ?? []) {
    try {
      const w = api.init(p._c);
      for (const [method, args] of p._q.splice(0)) (w[method] as (...a: unknown[]) => unknown)(...args);
      // From now on the proxy the integrator holds forwards every call to the real instance.
      p._r = w;
    } catch (e) {
      console.error('[NexusChatWidget] queued init failed', e);
    }
  }
}
