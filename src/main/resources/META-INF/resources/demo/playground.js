// Playground: a form for the widget's configuration. Every change restarts the widget with the new config (through
// its public API: destroy() and init()), rewrites the snippet (as text) and puts the settings into the URL, so a
// configuration can be shared as a link. Beside it: consent, unread and teaser to try, and what the widget stored.
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
  // Form fields of the theme tokens → their keys in the `theme` object (README, Theming); `colours` sets two at once,
  // so that a surface always comes with a text colour that reads on it.
  var TOKENS = { primary: "primary", onPrimary: "onPrimary", font: "fontFamily", fontSize: "fontSize",
    radius: "radius", panelWidth: "panelWidth", panelHeight: "panelHeight", launcherSize: "launcherSize",
    offsetX: "offsetX", offsetY: "offsetY" };
  var COLOURS = { paper: { surface: "#fffbeb", text: "#292524" }, night: { surface: "#0f172a", text: "#e2e8f0" } };
  var FEATURES = ["voice", "tts", "feedback", "copy", "sound", "titleBadge"];
  var PART_RULE = "{ outline: 3px dashed #c026d3; outline-offset: 2px; }";
  var QUESTION = "Which events does the widget emit?";
  var DEFAULTS = {
    theme: "light", primary: "", onPrimary: "", colours: "", font: "", fontSize: "", radius: "", panelWidth: "",
    panelHeight: "", launcherSize: "", offsetX: "", offsetY: "", parts: [],
    position: "bottom-right", mode: "floating", locale: "en", welcome: "", disclaimer: "",
    actions: ["ask", "handover"], features: ["voice", "feedback", "copy"],
    storage: "local", consent: [],
  };
  var TEXTS = ["welcome", "disclaimer"];
  var LISTS = ["parts", "actions", "features", "consent"];
  var SELECTS = Object.keys(DEFAULTS).filter(function (k) {
    return TEXTS.indexOf(k) < 0 && LISTS.indexOf(k) < 0;
  });
  var widget = null;
  var current = null;
  var restarts = 0;

  function fromUrl() {
    var q = new URLSearchParams(location.search);
    var s = JSON.parse(JSON.stringify(DEFAULTS));
    SELECTS.concat(TEXTS).forEach(function (k) {
      if (q.has(k)) s[k] = q.get(k);
    });
    LISTS.forEach(function (k) {
      if (q.has(k)) s[k] = q.get(k).split(",").filter(Boolean);
    });
    return s;
  }

  function fromForm() {
    var s = {};
    SELECTS.forEach(function (k) { s[k] = form.elements[k].value; });
    TEXTS.forEach(function (k) { s[k] = form.elements[k].value.trim(); });
    LISTS.forEach(function (k) {
      s[k] = Array.prototype.filter.call(form.elements[k], function (b) { return b.checked; })
        .map(function (b) { return b.value; });
    });
    return s;
  }

  // Only offered values reach the form (a select keeps its default for anything else, a list drops unknown values),
  // so a shared link cannot pass other values to the widget.
  function toForm(s) {
    SELECTS.forEach(function (k) {
      var select = form.elements[k];
      var offered = Array.prototype.some.call(select.options, function (o) { return o.value === s[k]; });
      select.value = offered ? s[k] : DEFAULTS[k];
    });
    TEXTS.forEach(function (k) { form.elements[k].value = s[k]; });
    LISTS.forEach(function (k) {
      Array.prototype.forEach.call(form.elements[k], function (b) { b.checked = s[k].indexOf(b.value) >= 0; });
    });
    consentBoxes();
  }

  // "The first message grants it" means something only with consent required.
  function consentBoxes() {
    var boxes = {};
    Array.prototype.forEach.call(form.elements.consent, function (b) { boxes[b.value] = b; });
    boxes.grantOnFirstMessage.disabled = !boxes.required.checked;
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

  function consentRequired(s) {
    return !!s && s.consent.indexOf("required") >= 0;
  }

  // The init() config for these settings; `container` is the element on this page, the snippet names a selector.
  function configOf(s, container) {
    var c = { experienceId: "demo", apiUrl: D.origin + "/api/v2", theme: s.theme, position: s.position,
      locale: s.locale };
    // Any theme token turns `theme` into an object of tokens with its mode (README, Theming).
    var tokens = {};
    Object.keys(TOKENS).forEach(function (k) {
      if (s[k]) tokens[TOKENS[k]] = s[k];
    });
    if (COLOURS[s.colours]) {
      tokens.surface = COLOURS[s.colours].surface;
      tokens.text = COLOURS[s.colours].text;
    }
    if (Object.keys(tokens).length) c.theme = Object.assign({ mode: s.theme }, tokens);
    if (s.mode === "embedded") {
      c.mode = "embedded";
      c.container = container;
    }
    c.messages = { welcomeActions: { actions: s.actions.map(function (a) { return ACTIONS[a]; }).filter(Boolean) } };
    if (s.welcome) c.messages.welcomeMessage = s.welcome;
    c.disclaimer = s.disclaimer ? { text: s.disclaimer } : false;
    c.features = {};
    FEATURES.forEach(function (f) { c.features[f] = s.features.indexOf(f) >= 0; });
    if (s.storage !== "local") c.storage = s.storage;
    if (consentRequired(s)) {
      c.consent = { required: true };
      if (s.consent.indexOf("grantOnFirstMessage") >= 0) c.consent.grantOnFirstMessage = true;
    }
    return c;
  }

  function snippet(s) {
    var css = s.parts.length ? "<style>\n" + s.parts.map(function (p) {
      return "  nexus-chat-widget::part(" + p + ")";
    }).join(",\n") + " " + PART_RULE + "\n</style>\n" : "";
    var consent = consentRequired(s)
      ? "  // When your consent manager reports consent (on every page load, or when the visitor gives it):\n" +
        "  // widget.grantConsent();\n  // When consent is withdrawn: widget.revokeConsent();\n"
      : "";
    return css + '<script src="' + D.origin + '/nexus-chat-widget.js" async></script>\n' +
      (s.mode === "embedded" ? '<div id="chat" style="height: 32rem"></div>\n' : "") +
      "<script>\n" +
      'window.addEventListener("load", () => {\n' +
      "  const widget = NexusChatWidget.init(" + D.literal(configOf(s, "#chat"), "  ") + ");\n" +
      consent +
      "});\n" +
      "</script>";
  }

  function apply(s) {
    var note = "";
    if (widget) {
      // A visitor whose consent is now required has not given it: what the previous widget stored goes, as it would
      // when your consent manager reports none.
      if (consentRequired(s) && !consentRequired(current)) {
        widget.revokeConsent();
        note = " Consent is now required: revokeConsent() removed what the previous widget had stored.";
      }
      widget.destroy();
    }
    var host = $("embedded-host");
    host.hidden = s.mode !== "embedded";
    // The page's CSS outlines the chosen parts (site.css: body[data-parts~=…] nexus-chat-widget::part(…)).
    document.body.dataset.parts = s.parts.join(" ");
    widget = window.NexusChatWidget.init(configOf(s, host));
    current = s;
    restarts++;
    $("restarts").textContent = restarts > 1 ? "Widget restarted with the new configuration (" + (restarts - 1) +
      (restarts === 2 ? " change)." : " changes).") + note : "";
    $("snippet").textContent = snippet(s);
  }

  function changed() {
    consentBoxes();
    var s = fromForm();
    toUrl(s);
    apply(s);
  }

  // Consent, unread count and teaser: calls on the running widget, no restart.
  D.on("grant", "click", function () {
    widget.grantConsent();
    $("consent-status").textContent = "grantConsent(): what the widget kept in memory is stored now, its held " +
      "events are sent, and the grant is remembered.";
  });
  D.on("revoke", "click", function () {
    widget.revokeConsent();
    $("consent-status").textContent = "revokeConsent(): the widget's keys are removed; nothing is stored or sent " +
      "until grantConsent(). The chat goes on from memory.";
  });

  D.on("ask-closed", "click", function () {
    if (current.mode === "embedded") {
      $("unread-status").textContent = "An embedded chat is always in view and has no launcher: choose the " +
        "floating mode to see the count.";
      return;
    }
    widget.close();
    widget.sendMessage(QUESTION);
    var f = current.features;
    $("unread-status").textContent = "Asked with the panel closed: the answer adds to the count on the launcher" +
      (f.indexOf("titleBadge") >= 0 ? " and in the tab's title" : "") +
      (f.indexOf("sound") >= 0 ? ", with a short tone" : "") + ". Opening the chat clears it.";
  });

  var teaserForm = $("teaser-form");
  var teaserTimer = 0;

  function teaser() {
    var e = teaserForm.elements;
    var delay = Math.min(60, Math.max(0, Math.round(Number(e.delay.value)) || 0));
    return { text: e.text.value.trim(), delay: delay, options: e.withAction.checked ? { actions: [ACTIONS.ask] } : null };
  }

  function teaserSnippet() {
    var t = teaser();
    var call = "widget.showTeaser(" + JSON.stringify(t.text) + (t.options ? ", " + D.literal(t.options) : "") + ")";
    $("teaser-snippet").textContent = t.delay ? "setTimeout(() => " + call + ", " + t.delay * 1000 + ");" : call + ";";
  }

  teaserForm.addEventListener("input", teaserSnippet);
  teaserForm.addEventListener("change", teaserSnippet);
  teaserForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var t = teaser();
    var target = widget;
    clearTimeout(teaserTimer);
    teaserTimer = setTimeout(function () {
      if (target === widget) target.showTeaser(t.text, t.options || undefined);
    }, t.delay * 1000);
    $("teaser-status").textContent = "showTeaser()" + (t.delay ? " in " + t.delay + " s" : "") + ". A teaser " +
      "you dismissed or opened is not shown again in this browser session: change its text to see another.";
  });

  // What the widget stored: everything in this page's localStorage, sessionStorage and cookies, read twice a second.
  var lastStored = null;

  function storedRows() {
    var rows = [];
    ["localStorage", "sessionStorage"].forEach(function (name) {
      try {
        var area = window[name];
        for (var i = 0; i < area.length; i++) {
          var key = area.key(i);
          rows.push([name, key, area.getItem(key)]);
        }
      } catch (e) {
        // Storage unavailable: nothing to show.
      }
    });
    document.cookie.split(";").forEach(function (c) {
      var at = c.indexOf("=");
      if (c.trim()) rows.push(["cookie", (at < 0 ? c : c.slice(0, at)).trim(), at < 0 ? "" : c.slice(at + 1)]);
    });
    return rows.sort(function (a, b) { return (a[0] + a[1]).localeCompare(b[0] + b[1]); });
  }

  function showStored() {
    var rows = storedRows();
    var text = JSON.stringify(rows);
    if (text === lastStored) return;
    var countsBefore = lastStored === null ? null : summary(JSON.parse(lastStored));
    lastStored = text;
    $("stored-wrap").hidden = !rows.length;
    var body = $("stored").tBodies[0];
    body.replaceChildren();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      r.forEach(function (v, i) {
        var cell = document.createElement(i === 1 ? "th" : "td");
        if (i === 1) cell.scope = "row";
        var code = document.createElement("code");
        code.textContent = i === 2 && v.length > 90 ? v.slice(0, 70) + "… (" + v.length + " characters)" : v;
        cell.append(code);
        tr.append(cell);
      });
      body.append(tr);
    });
    // The live region speaks only when the number of entries changes, not on every new value.
    var counts = summary(rows);
    if (counts !== countsBefore) $("stored-summary").textContent = counts;
  }

  function summary(rows) {
    if (!rows.length) return "Nothing stored: no localStorage, no sessionStorage, no cookies.";
    function count(name, one, many) {
      var n = rows.filter(function (r) { return r[0] === name; }).length;
      return n + " " + (n === 1 ? one : many);
    }
    return "Stored: " + count("localStorage", "key", "keys") + " in localStorage, " +
      count("sessionStorage", "key", "keys") + " in sessionStorage, " + count("cookie", "cookie", "cookies") + ".";
  }

  // Requests to the event intake, as the browser's resource timing sees them (keepalive fetch and beacons alike).
  var relayed = 0;

  function countRelayed(entries) {
    entries.forEach(function (e) {
      if (/\/api\/v2\/events$/.test(e.name)) relayed++;
    });
    $("relayed").textContent = String(relayed);
  }

  if (window.PerformanceObserver) {
    try {
      new PerformanceObserver(function (list) { countRelayed(list.getEntries()); })
        .observe({ type: "resource", buffered: true });
    } catch (e) {
      $("relayed").textContent = "unknown in this browser";
    }
  }

  var initial = fromUrl();
  toForm(initial);
  apply(fromForm());
  teaserSnippet();
  showStored();
  setInterval(showStored, 500);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  D.on("reset", "click", function () {
    toForm(DEFAULTS);
    changed();
  });
})();
