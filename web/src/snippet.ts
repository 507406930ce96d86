/**
 * The copy-paste snippet (≤ 1 KB minified): defines a queueing `window.NexusChatWidget` so `init()` and instance calls
 * work before the bundle has loaded; the bundle replays them (main.ts). `startNewSession()` still returns its id
 * synchronously; `getSessionId()` knows only ids given in the config or to startNewSession until the bundle loads.
 */
((w: any) => {
  if (w.NexusChatWidget) return;
  const queued: any[] = [];
  w.NexusChatWidget = {
    _i: queued,
    init(c: any) {
      const p: any = { _c: c, _q: [] };
      let sid: string | null = (c && c.sessionId) || null;
      'on off open close minimize maximize sendMessage startNewSession clearChat getSessionId destroy grantConsent revokeConsent showTeaser'
        .split(' ')
        .forEach((m) => {
          p[m] = (...a: any[]) => {
            if (p._r) return p._r[m](...a);
            if (m == 'getSessionId') return sid;
            p._q.push([m, a]);
            if (m == 'on') return () => p.off(a[0], a[1]);
            if (m == 'clearChat') sid = null;
            if (m == 'startNewSession') {
              // Invalid ids are reported by the bundle (error event) when it replays the call.
              // Plain-http pages have no randomUUID: a v4 from getRandomValues instead.
              if (a[0] == null) {
                a[0] = crypto.randomUUID
                  ? crypto.randomUUID()
                  : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c: any) =>
                    (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
              } else if (!/^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i.test(a[0])) return null;
              return (sid = a[0]);
            }
          };
        });
      queued.push(p);
      return p;
    },
  };
})(window);
