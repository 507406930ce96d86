// Home page: the real widget in its default, floating form.
(function () {
  "use strict";
  window.NexusDemo.mount({ experienceId: "demo" });
})();
