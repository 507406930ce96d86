// Playground: a form for the widget's configuration. Every change restarts the widget with the new config, rewrites
// the snippet (as text) and puts the settings into the URL, so a configuration can be shared as a link.
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var form = $("settings");
  var ACTIONS = {
    ask: { id: "ask-embed", label: "How do I embed it?", action: { type: "send_query",
      payload: { text: "How do I embed the widget on my site?" } } },
    event: { id: "send-event", label: "Send an event", action: { type: "send_event",
      payload: { eventName: "playground_event", eventData: { source: "playground" } } } },
    handover: { id: "talk-to-agent", label: "Talk to a person", action: { type: "trigger_handover",
      payload: { reason: "user_requested", priority: "normal" } } },
    docs: { id: "api-docs", label: "Open the API docs", action: { type: "open_url",
      payload: { url: D.origin + "/q/swagger-ui" } } },
  };
  var DEFAULTS = {
    theme: "light", primary: "", font: "", radius: "", position: "bottom-right", mode: "floating", locale: "en",
    welcome: "", disclaimer: "",
    actions: ["ask", "handover"], features: ["voice", "feedback", "copy"],
  };
  var SELECTS = ["theme", "primary", "font", "radius", "position", "mode", "locale"];
  var widget = null;
  var restarts = 0;

  function fromUrl() {
    var q = new URLSearchParams(location.search);
    var s = JSON.parse(JSON.stringify(DEFAULTS));
    ["theme", "primary", "font", "radius", "position", "mode", "locale", "welcome", "disclaimer"].forEach(function (k) {
      if (q.has(k)) s[k] = q.get(k);
    });
    ["actions", "features"].forEach(function (k) {
      if (q.has(k)) s[k] = q.get(k).split(",").filter(Boolean);
    });
    return s;
  }

  function fromForm() {
    var s = {};
    SELECTS.forEach(function (k) { s[k] = form.elements[k].value; });
    s.welcome = form.elements.welcome.value.trim();
    s.disclaimer = form.elements.disclaimer.value.trim();
    ["actions", "features"].forEach(function (k) {
      s[k] = Array.prototype.filter.call(form.elements[k], function (b) { return b.checked; })
        .map(function (b) { return b.value; });
    });
    return s;
  }

  function toForm(s) {
    SELECTS.forEach(function (k) { form.elements[k].value = s[k]; });
    form.elements.welcome.value = s.welcome;
    form.elements.disclaimer.value = s.disclaimer;
    ["actions", "features"].forEach(function (k) {
      Array.prototype.forEach.call(form.elements[k], function (b) { b.checked = s[k].indexOf(b.value) >= 0; });
    });
  }

  function toUrl(s) {
    var q = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (k) {
      var v = Array.isArray(s[k]) ? s[k].join(",") : s[k];
      var d = Array.isArray(DEFAULTS[k]) ? DEFAULTS[k].join(",") : DEFAULTS[k];
      if (v !== d) q.set(k, v);
    });
    var query = q.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  // The init() config for these settings; `container` is the element on this page, the snippet names a selector.
  function configOf(s, container) {
    var c = { experienceId: "demo", apiUrl: D.origin + "/api/v2", theme: s.theme, position: s.position,
      locale: s.locale };
    // Any theme token turns `theme` into an object of tokens with its mode (README, Theming).
    if (s.primary || s.font || s.radius) {
      c.theme = { mode: s.theme };
      if (s.primary) c.theme.primary = s.primary;
      if (s.font) c.theme.fontFamily = s.font;
      if (s.radius) c.theme.radius = s.radius;
    }
    if (s.mode === "embedded") {
      c.mode = "embedded";
      c.container = container;
    }
    c.messages = { welcomeActions: { actions: s.actions.map(function (a) { return ACTIONS[a]; }).filter(Boolean) } };
    if (s.welcome) c.messages.welcomeMessage = s.welcome;
    c.disclaimer = s.disclaimer ? { text: s.disclaimer } : false;
    c.features = {};
    ["voice", "tts", "feedback", "copy"].forEach(function (f) { c.features[f] = s.features.indexOf(f) >= 0; });
    return c;
  }

  function snippet(s) {
    var js = JSON.stringify(configOf(s, "#chat"), null, 2).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, "$1$2:")
      .replace(/\n/g, "\n  ");
    return '<script src="' + D.origin + '/nexus-chat-widget.js" async></script>\n' +
      (s.mode === "embedded" ? '<div id="chat" style="height: 32rem"></div>\n' : "") +
      "<script>\n" +
      'window.addEventListener("load", () => {\n' +
      "  const widget = NexusChatWidget.init(" + js + ");\n" +
      "});\n" +
      "</script>";
  }

  function apply(s) {
    if (widget) widget.destroy();
    var host = $("embedded-host");
    host.hidden = s.mode !== "embedded";
    widget = window.NexusChatWidget.init(configOf(s, host));
    restarts++;
    $("restarts").textContent = restarts > 1 ? "Widget restarted with the new configuration (" + (restarts - 1) +
      (restarts === 2 ? " change)." : " changes).") : "";
    $("snippet").textContent = snippet(s);
  }

  function changed() {
    var s = fromForm();
    toUrl(s);
    apply(s);
  }

  var initial = fromUrl();
  toForm(initial);
  apply(initial);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  D.on("reset", "click", function () {
    toForm(DEFAULTS);
    changed();
  });
})();
