// Message interceptor: enriches a message, answers one on the page, and fails on purpose; each decision is logged
// next to the widget's events.
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var log = new D.Log($("interceptor-log"));

  var widget = D.mount({
    experienceId: "demo",
    advanced: {
      messageInterceptor: function (message, context) {
        var order = /order (\d+)/i.exec(message.text);
        if (order) {
          log.add("interceptor", { decision: "answered locally", queryId: context.queryId }, "interceptor: answered locally");
          return { handled: true, answer: "Order " + order[1] + " shipped yesterday. (Answered by this page's " +
            "interceptor; the server was not asked.)" };
        }
        if (/fail/i.test(message.text)) {
          log.add("interceptor", { decision: "throws", queryId: context.queryId }, "interceptor: throws");
          throw new Error("the interceptor failed on purpose");
        }
        var metadata = { plan: "pro", page: location.pathname };
        log.add("interceptor", { decision: "enriched", metadata: metadata, queryId: context.queryId },
          "interceptor: enriched");
        return { handled: false, message: { text: message.text, metadata: metadata } };
      },
    },
  }, "phone-chat");
  ["messageStart", "messageComplete", "error"].forEach(function (name) {
    widget.on(name, function (d) { log.add(name, d); });
  });

  function send(text) {
    widget.open();
    widget.sendMessage(text);
  }
  D.on("enrich", "click", function () { send("What is a session?"); });
  D.on("local", "click", function () { send("Where is my order 12345?"); });
  D.on("fail", "click", function () { send("Please fail this one"); });
})();
