// Handover: a trigger_handover welcome action, what the page's listener receives, and the request as the server
// relays it (handover.requested on the session's event stream).
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var log = new D.Log($("handover-log"));
  var serverLog = new D.Log($("server-log"));
  var stream = new D.ServerStream(function (type, data) {
    if (type === "handover.requested" || type === "widget.handover" || type === "session.created") {
      serverLog.add(type, data);
    }
  }, function (text) { $("server-status").textContent = text; });

  var config = {
    experienceId: "demo",
    messages: {
      welcomeActions: {
        actions: [{
          id: "talk-to-agent",
          label: "Talk to a person",
          action: {
            type: "trigger_handover",
            payload: { reason: "billing_question", priority: "high", metadata: { page: "handover demo" } },
          },
        }],
      },
    },
  };
  // "The code on this page" shows this very config (before mount adds the phone layout's container to it).
  $("init-code").textContent = "const widget = NexusChatWidget.init(" + D.literal(config) + ");";
  var widget = D.mount(config, "phone-chat");
  widget.on("handover", function (d) {
    log.add("handover", d);
    $("handled").textContent = "Handover requested (priority " + d.priority + ", reason “" + d.reason +
      "”): this is where your page would open its live chat or tell the visitor an agent is coming.";
    stream.follow(d.sessionId);
  });
  widget.on("sessionStart", function (d) { stream.follow(d.sessionId); });
  // The stream shows events from when it connects: start a session now, so it is followed before the button is used.
  stream.follow(widget.getSessionId() || widget.startNewSession());
  D.on("open", "click", function () { widget.open(); });
})();
