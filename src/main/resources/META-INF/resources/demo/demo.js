// Shared code of the demo pages: the event names and groups, the event log, copy buttons and mounting the widget.
// Served as a file so the pages need no 'unsafe-inline'. Whatever the widget or the server sends is shown with
// textContent only, never as markup.
(function () {
  "use strict";

  var GROUPS = {
    ui: "UI lifecycle",
    session: "Session",
    message: "Message",
    interaction: "Interaction",
    voice: "Voice / TTS",
    error: "Error",
  };
  // The 23 events of the public contract (web/src/types.ts), with their group.
  var EVENTS = [
    ["open", "ui"], ["close", "ui"], ["minimize", "ui"], ["maximize", "ui"],
    ["sessionStart", "session"], ["sessionEnd", "session"], ["sessionClear", "session"],
    ["messageStart", "message"], ["messageChunk", "message"], ["messageComplete", "message"],
    ["typing", "interaction"], ["typingStop", "interaction"], ["feedback", "interaction"], ["copy", "interaction"],
    ["customAction", "interaction"], ["handover", "interaction"], ["disclaimerAccept", "interaction"],
    ["linkClick", "interaction"],
    ["voiceStart", "voice"], ["voiceEnd", "voice"], ["ttsStart", "voice"], ["ttsEnd", "voice"],
    ["error", "error"],
  ];
  var EMOJI = { sessionStart: "🟢", sessionEnd: "🔴", sessionClear: "🟡" };
  var LONG = 160;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function groupOf(name) {
    for (var i = 0; i < EVENTS.length; i++) {
      if (EVENTS[i][0] === name) return EVENTS[i][1];
    }
    return "server";
  }

  // A copy of a payload with long strings (a whole answer, a long message) cut, saying how long they were.
  function shorten(value) {
    if (typeof value === "string") {
      return value.length > LONG ? value.slice(0, 120) + "… (" + value.length + " characters)" : value;
    }
    if (Array.isArray(value)) return value.map(shorten);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = shorten(value[k]); });
      return out;
    }
    return value;
  }

  function clock(date) {
    var d = date || new Date();
    function pad(n, w) { return String(n).padStart(w || 2, "0"); }
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." +
      pad(d.getMilliseconds(), 3);
  }

  // A list of events: oldest first, at most `max`, with an empty-state text shown while it has none.
  function Log(list, max) {
    this.list = list;
    this.max = max || 300;
    this.empty = list.id ? document.querySelector("[data-empty-for='" + list.id + "']") : null;
  }
  Log.prototype.add = function (name, data, label) {
    var item = document.createElement("li");
    item.className = "ev ev-" + groupOf(name);
    item.dataset.event = name;
    var time = document.createElement("time");
    time.className = "ev-time";
    time.textContent = clock();
    var title = document.createElement("strong");
    title.className = "ev-name";
    title.textContent = (EMOJI[name] ? EMOJI[name] + " " : "") + (label || name);
    var body = document.createElement("code");
    body.className = "ev-data";
    body.textContent = data === undefined ? "" : JSON.stringify(shorten(data));
    item.append(time, " ", title, " ", body);
    var atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(item);
    while (this.list.children.length > this.max) this.list.firstElementChild.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    this.update();
    return item;
  };
  Log.prototype.clear = function () {
    this.list.replaceChildren();
    this.update();
  };
  Log.prototype.update = function () {
    if (this.empty) this.empty.hidden = this.list.children.length > 0;
  };

  // Starts a widget. On a phone the floating panel fills the screen and hides the page's controls, so a page that
  // has controls to use while chatting passes `phoneSlot`: there the chat is embedded in the page instead.
  function mount(config, phoneSlot) {
    if (phoneSlot && !config.mode && window.matchMedia("(max-width: 480px)").matches) {
      var slot = document.getElementById(phoneSlot);
      slot.hidden = false;
      config.mode = "embedded";
      config.container = slot;
    }
    return window.NexusChatWidget.init(config);
  }

  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var status = button.parentElement.querySelector(".copy-status");
      button.addEventListener("click", function () {
        var text = document.getElementById(button.dataset.copy).textContent;
        function say(message) { if (status) status.textContent = message; }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { say("Copied."); }, function () {
            say("Copying was refused by the browser: select the code and copy it.");
          });
        } else {
          say("This browser cannot copy from a page: select the code and copy it.");
        }
      });
    });
  }

  var SERVER_TYPES = ["session.created", "session.updated", "session.ended", "session.deleted", "message.completed",
    "feedback.submitted", "handover.requested"];

  // Follows one session's relayed events (GET /api/v2/sessions/{id}/events/stream). The server knows a session
  // from the widget's first request for it, so this polls GET /api/v2/sessions/{id} briefly first instead of
  // letting EventSource fail on a 404. `onEvent(type, data)`, `onStatus(text)`.
  function ServerStream(onEvent, onStatus) {
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.id = null;
    this.source = null;
  }
  ServerStream.prototype.follow = function (id) {
    var self = this;
    if (!id || id === this.id) return;
    this.close();
    this.id = id;
    this.onStatus("Waiting for session " + id + " to reach the server…");
    (function check(tries) {
      fetch("/api/v2/sessions/" + id).then(function (r) {
        if (self.id !== id) return;
        if (r.status === 404 && tries > 0) {
          setTimeout(function () { check(tries - 1); }, 500);
        } else if (!r.ok) {
          self.onStatus("The server does not show session " + id + " (HTTP " + r.status + ").");
        } else {
          self.open(id);
        }
      });
    })(20);
  };
  ServerStream.prototype.open = function (id) {
    var self = this;
    var source = new EventSource("/api/v2/sessions/" + id + "/events/stream");
    this.source = source;
    source.onopen = function () { self.onStatus("Connected to the stream of session " + id + "."); };
    source.onerror = function () {
      self.onStatus(source.readyState === EventSource.CLOSED
        ? "The stream of session " + id + " closed."
        : "Reconnecting to the stream of session " + id + "…");
    };
    SERVER_TYPES.concat(EVENTS.map(function (e) { return "widget." + e[0]; })).forEach(function (type) {
      source.addEventListener(type, function (m) {
        var body;
        try {
          body = JSON.parse(m.data);
        } catch (e) {
          body = { data: m.data };
        }
        self.onEvent(type, body && body.data !== undefined ? body.data : body);
      });
    });
  };
  ServerStream.prototype.close = function () {
    if (this.source) this.source.close();
    this.source = null;
    this.id = null;
  };

  // A value as JavaScript source for the pages' code samples: JSON with the keys that need no quotes unquoted, and
  // every line after the first indented by `indent`. The samples show it as text.
  function literal(value, indent) {
    return JSON.stringify(value, null, 2).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, "$1$2:")
      .replace(/\n/g, "\n" + (indent || ""));
  }

  function byId(id) { return document.getElementById(id); }

  function on(id, type, fn) { byId(id).addEventListener(type, fn); }

  copyButtons();
  window.NexusDemo = {
    EVENTS: EVENTS,
    GROUPS: GROUPS,
    EMOJI: EMOJI,
    Log: Log,
    ServerStream: ServerStream,
    mount: mount,
    shorten: shorten,
    literal: literal,
    groupOf: groupOf,
    clock: clock,
    isUuid: function (s) { return UUID.test(s); },
    byId: byId,
    on: on,
    origin: document.body.dataset.origin,
  };
})();
