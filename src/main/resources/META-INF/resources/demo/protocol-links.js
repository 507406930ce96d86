// Custom protocol links: handlers for tour:, action: and product: that act on this page, and the linkClick log.
// Parameters come from an answer, so they are untrusted: shown with textContent only.
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var log = new D.Log($("link-log"));

  function show(title, detail) {
    var strong = document.createElement("strong");
    strong.textContent = title;
    var p = document.createElement("p");
    p.textContent = detail;
    $("effect").replaceChildren(strong, p);
  }

  var widget = D.mount({
    experienceId: "demo",
    advanced: {
      customProtocolHandlers: {
        "tour:": function (params) {
          show("tour: handler", "A guided tour “" + (params.id || params.value) + "” would start here.");
        },
        "action:": function (params) {
          show("action: handler", "Action “" + (params.type || params.value) + "”" +
            (params.topic ? " about “" + params.topic + "”" : "") + " — e.g. open your scheduling dialog.");
        },
        "product:": function (params) {
          show("product: handler", "Product " + (params.id || params.value) + " — e.g. open its product card.");
        },
      },
    },
  }, "phone-chat");
  widget.on("linkClick", function (d) { log.add("linkClick", d); });
  D.on("ask", "click", function () {
    widget.open();
    widget.sendMessage("What are custom protocol links?");
  });
})();
