// Session management demo (seed 000): the Current Session panel, startNewSession(uuid?) / clearChat(), the session
// event log, and the use cases live. Payloads are shown with textContent only.
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var log = new D.Log($("session-log"));
  var LAST = "nexus-demo:session-management:last";
  var USER = "demo-visitor-42";
  var widget = null;
  var userId = null;
  var second = null;
  var current = { id: null, started: null, messages: 0, cleared: false };

  function render() {
    var active = !!current.id;
    $("no-session").hidden = active;
    $("session-details").hidden = !active;
    $("no-session").textContent = current.cleared
      ? "No active session — the next message starts one."
      : "No active session";
    if (!active) return;
    $("session-id").textContent = current.id;
    $("session-started").textContent = current.started ? new Date(current.started).toLocaleString() : "…";
    $("session-messages").textContent = String(current.messages);
  }

  function headers() {
    return userId ? { "X-Nexus-User-Id": userId } : {};
  }

  // The session as the server sees it (GET /api/v2/sessions/{id}): fills in what the page did not witness itself,
  // e.g. after a reload.
  function fetchServerView(id) {
    return fetch("/api/v2/sessions/" + id, { headers: headers() }).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function refreshServer() {
    var id = current.id;
    if (!id) return;
    fetchServerView(id).then(function (s) {
      if (current.id !== id) return;
      if (!s) {
        $("session-server").textContent = "not stored yet (the first message creates it)";
        return;
      }
      $("session-server").textContent = s.status + ", " + s.messageCount + " stored messages" +
        (s.userId ? ", bound to user " + s.userId : "") + (s.name ? ", named “" + s.name + "”" : "");
      if (!current.started) current.started = s.createdAt;
      if (current.messages < s.messageCount) current.messages = s.messageCount;
      render();
    }, function (e) {
      $("session-server").textContent = "could not be read (" + e.message + ")";
    });
  }

  function remember() {
    try {
      sessionStorage.setItem(LAST, current.id || "");
    } catch (e) {
      // storage unavailable: the resume note is just not shown
    }
  }

  function listen(w) {
    w.on("sessionStart", function (d) {
      log.add("sessionStart", d);
      current = { id: d.sessionId, started: d.timestamp, messages: 0, cleared: false };
      remember();
      render();
      refreshServer();
    });
    w.on("sessionEnd", function (d) {
      log.add("sessionEnd", d);
      // clearChat() fires sessionClear and sessionEnd: the panel keeps saying the next message starts a session.
      current = { id: null, started: null, messages: 0, cleared: current.cleared };
      remember();
      render();
    });
    w.on("sessionClear", function (d) {
      log.add("sessionClear", d);
      current = { id: null, started: null, messages: 0, cleared: true };
      remember();
      render();
    });
    w.on("messageStart", function () {
      current.messages++;
      render();
    });
    w.on("messageComplete", function () {
      current.messages++;
      render();
      refreshServer();
    });
    w.on("error", function (d) {
      log.add("error", d);
    });
  }

  // (Re)starts the page's main widget; listeners are attached right after init(), so they see every event.
  function start(extra) {
    if (widget) widget.destroy();
    var config = { experienceId: "demo" };
    Object.keys(extra || {}).forEach(function (k) { config[k] = extra[k]; });
    widget = D.mount(config, "phone-chat");
    listen(widget);
    current = { id: widget.getSessionId(), started: null, messages: 0, cleared: false };
    render();
    refreshServer();
    return widget;
  }

  function checkUuid() {
    var value = $("uuid").value.trim();
    var ok = value === "" || D.isUuid(value);
    $("uuid").setAttribute("aria-invalid", ok ? "false" : "true");
    $("uuid-error").textContent = ok ? "" : "“" + value + "” is not a UUID. Use the form " +
      "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx with hexadecimal digits, or press Generate UUID.";
    return ok && value !== "";
  }

  start();
  var last = null;
  try {
    last = sessionStorage.getItem(LAST);
  } catch (e) {
    last = null;
  }
  if (current.id && last === current.id) {
    $("resume-note").textContent = "Resumed after reload: session " + current.id + " continues.";
  } else if (current.id) {
    $("resume-note").textContent = "This widget resumed stored session " + current.id + ".";
  }
  remember();

  $("uuid").addEventListener("input", checkUuid);
  D.on("generate", "click", function () {
    $("uuid").value = crypto.randomUUID ? crypto.randomUUID() : "";
    checkUuid();
  });
  D.on("start-uuid", "click", function () {
    if (!checkUuid()) {
      if ($("uuid").value.trim() === "") $("uuid-error").textContent = "Enter a UUID, or press Generate UUID.";
      $("uuid").focus();
      return;
    }
    widget.startNewSession($("uuid").value.trim());
  });
  D.on("clear", "click", function () { widget.clearChat(); });
  D.on("start-auto", "click", function () { widget.startNewSession(); });
  D.on("open", "click", function () { widget.open(); });
  D.on("close", "click", function () { widget.close(); });
  D.on("clear-log", "click", function () { log.clear(); });
  D.on("reload", "click", function () { location.reload(); });

  D.on("second", "click", function () {
    var slot = $("second-widget");
    if (second) {
      second.destroy();
      second = null;
      slot.hidden = true;
      $("second").textContent = "Add a second widget on this session";
      $("second-note").textContent = "";
      return;
    }
    var id = widget.getSessionId() || widget.startNewSession();
    slot.hidden = false;
    second = window.NexusChatWidget.init({
      experienceId: "demo", mode: "embedded", container: slot, sessionId: id, storageKey: "demo-second", userId: userId || undefined,
    });
    $("second").textContent = "Remove the second widget";
    $("second-note").textContent = "Second widget's session: " + second.getSessionId() +
      (second.getSessionId() === widget.getSessionId() ? " — the same as the first widget's." : "");
  });

  D.on("server-session", "click", function () {
    $("server-note").textContent = "Asking this page's server…";
    fetch("/demos/session-management/server-session", { method: "POST" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (s) {
      userId = null;
      start({ sessionId: s.sessionId });
      $("server-note").textContent = "The server created session " + s.sessionId + " (“" + s.name +
        "”); the widget was started with sessionId and now uses it: " + widget.getSessionId();
    }, function (e) {
      $("server-note").textContent = "The server could not create a session (" + e.message + ").";
    });
  });

  D.on("link-user", "click", function () {
    userId = USER;
    start({ userId: USER });
    var id = widget.startNewSession();
    $("user-note").textContent = "Widget started with userId “" + USER + "”; its new session " + id +
      " is bound to that user. Checking with another user id…";
    // Give the widget's own create call a moment to land by waiting for the server to know the session.
    (function check(tries) {
      fetch("/api/v2/sessions/" + id, { headers: { "X-Nexus-User-Id": "someone-else" } }).then(function (r) {
        if (r.status === 404 && tries > 0) {
          setTimeout(function () { check(tries - 1); }, 300);
          return;
        }
        $("user-note").textContent = "Widget started with userId “" + USER + "”; its session " + id +
          " is bound to that user. The same session asked for by user “someone-else”: HTTP " + r.status +
          (r.status === 403 ? " (refused)." : ".");
        refreshServer();
      });
    })(20);
  });
})();
