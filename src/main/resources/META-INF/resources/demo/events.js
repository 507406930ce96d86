// Events demo: every one of the 23 widget events as it fires, filterable by group, with a trigger for each; beside
// it the same session's events as the server relays them (GET /api/v2/sessions/{id}/events/stream).
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var browserLog = new D.Log($("browser-log"), 500);
  var serverLog = new D.Log($("server-log"), 300);
  var hidden = {};
  var seen = {};
  var count = 0;
  var widget = null;
  var stream = new D.ServerStream(function (type, data) { serverLog.add(type, data); },
    function (text) { $("server-status").textContent = text; });
  var disclaimers = 0;

  // Filters: one checkbox per group; a hidden group's entries stay in the log, only not shown.
  Object.keys(D.GROUPS).forEach(function (group) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = group;
    box.addEventListener("change", function () {
      hidden[group] = !box.checked;
      $("browser-log").querySelectorAll("li.ev-" + group).forEach(function (li) { li.hidden = !box.checked; });
    });
    label.append(box, D.GROUPS[group]);
    $("filters").append(label);
  });

  // The table of all 23 events, with how often each was seen on this page.
  D.EVENTS.forEach(function (e) {
    var row = document.createElement("tr");
    var name = document.createElement("th");
    name.scope = "row";
    var code = document.createElement("code");
    code.textContent = e[0];
    name.append(code);
    var group = document.createElement("td");
    group.textContent = D.GROUPS[e[1]];
    var times = document.createElement("td");
    times.id = "seen-" + e[0];
    times.textContent = "0";
    row.append(name, group, times);
    $("event-table").tBodies[0].append(row);
  });

  function record(name, data) {
    var item = browserLog.add(name, data);
    item.hidden = !!hidden[D.groupOf(name)];
    seen[name] = (seen[name] || 0) + 1;
    $("seen-" + name).textContent = String(seen[name]);
    $("browser-count").textContent = String(++count);
    if (name === "sessionStart") stream.follow(data.sessionId);
  }

  function start(extra) {
    if (widget) widget.destroy();
    var config = {
      experienceId: "demo",
      features: { voice: true, tts: true, feedback: true, copy: true },
      messages: {
        welcomeActions: {
          actions: [
            { id: "custom-event", label: "Send a custom event", action: { type: "send_event",
              payload: { eventName: "show_animation", eventData: { from: "events demo" } } } },
            { id: "talk-to-agent", label: "Talk to a person", action: { type: "trigger_handover",
              payload: { reason: "user_requested", priority: "normal", metadata: { source: "events demo" } } } },
          ],
        },
      },
    };
    Object.keys(extra || {}).forEach(function (k) { config[k] = extra[k]; });
    widget = D.mount(config, "phone-chat");
    D.EVENTS.forEach(function (e) {
      widget.on(e[0], function (data) { record(e[0], data); });
    });
    if (widget.getSessionId()) stream.follow(widget.getSessionId());
  }

  var recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  var synthesis = window.speechSynthesis && typeof window.speechSynthesis.speak === "function";
  $("voice-support").textContent = (recognition
    ? "This browser has speech recognition: the microphone button in the chat fires voiceStart and voiceEnd. "
    : "This browser has no speech recognition (Web Speech API), so the chat shows no microphone and voiceStart / " +
      "voiceEnd cannot fire here. ") + (synthesis
    ? "Read aloud under an answer fires ttsStart and ttsEnd."
    : "It has no speech synthesis either, so ttsStart / ttsEnd cannot fire here.");

  start();
  D.on("t-open", "click", function () { widget.open(); });
  D.on("t-close", "click", function () { widget.close(); });
  D.on("t-minimize", "click", function () { widget.minimize(); });
  D.on("t-maximize", "click", function () { widget.maximize(); });
  D.on("t-new", "click", function () { widget.startNewSession(); });
  D.on("t-clear", "click", function () { widget.clearChat(); });
  D.on("t-send", "click", function () { widget.sendMessage("Which events does the widget emit?"); });
  D.on("t-link", "click", function () { widget.sendMessage("What are custom protocol links?"); });
  D.on("t-error-btn", "click", function () { widget.startNewSession("not-a-uuid"); });
  D.on("t-disclaimer", "click", function () {
    disclaimers++;
    start({ disclaimer: { title: "Before you chat", text: "This is a demo: what you type is stored on this " +
      "server and shown on this page (version " + Date.now() + "-" + disclaimers + ").", acceptLabel: "I understand" } });
    widget.open();
  });
  D.on("browser-clear", "click", function () {
    browserLog.clear();
    count = 0;
    $("browser-count").textContent = "0";
  });
})();
