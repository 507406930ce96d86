// Demo home page: the real widget plus a live log of its events. Served as a file so the page needs no
// 'unsafe-inline'. Event payloads are shown with textContent only.
(function () {
  "use strict";
  var EVENTS = ["open", "close", "minimize", "maximize", "sessionStart", "sessionEnd", "sessionClear",
    "messageStart", "messageChunk", "messageComplete", "typing", "typingStop", "feedback", "copy", "customAction",
    "handover", "disclaimerAccept", "linkClick", "voiceStart", "voiceEnd", "ttsStart", "ttsEnd", "error"];
  var log = document.getElementById("event-log");
  var sessionLabel = document.getElementById("session-id");
  var widget = window.NexusChatWidget.init({ experienceId: "demo" });

  function showSession() {
    sessionLabel.textContent = widget.getSessionId() || "none";
  }

  function record(name, data) {
    var item = document.createElement("li");
    var title = document.createElement("strong");
    title.textContent = name;
    var body = document.createElement("code");
    body.textContent = JSON.stringify(data);
    item.append(title, " ", body);
    log.prepend(item);
    while (log.children.length > 200) {
      log.lastElementChild.remove();
    }
    showSession();
  }

  EVENTS.forEach(function (name) {
    if (name === "messageChunk" || name === "typing") {
      return; // too chatty for a readable log
    }
    widget.on(name, function (data) { record(name, data); });
  });
  document.getElementById("open").addEventListener("click", function () { widget.open(); });
  document.getElementById("new-session").addEventListener("click", function () {
    widget.startNewSession();
    showSession();
  });
  document.getElementById("clear").addEventListener("click", function () {
    widget.clearChat();
    showSession();
  });
  showSession();
})();
