// Embedded mode: the widget fills #chat-host, a column of the page's layout.
(function () {
  "use strict";
  window.NexusDemo.mount({ experienceId: "demo", mode: "embedded", container: "#chat-host" });
})();
