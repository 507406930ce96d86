// Voice input and read-aloud: what this browser supports, said plainly, and the voice events as they fire.
(function () {
  "use strict";
  var D = window.NexusDemo;
  var $ = D.byId;
  var log = new D.Log($("voice-log"));
  var recognition = !!(window.SpeechRecognition || window.webkitSpeechRecognition);
  var synthesis = !!(window.speechSynthesis && typeof window.speechSynthesis.speak === "function");

  function say(id, ok, text) {
    var el = $(id);
    el.className = ok ? "ok" : "notice";
    el.textContent = text;
  }
  say("recognition-support", recognition, recognition
    ? "Voice input: available. The chat shows a microphone button; press it, speak, and the transcript lands in " +
      "the input."
    : "Voice input: not available — this browser has no Web Speech recognition, so the chat shows no microphone " +
      "and voiceStart / voiceEnd cannot fire here. Try Chrome, Edge or Safari.");
  say("synthesis-support", synthesis, synthesis
    ? "Read-aloud: available. Each answer has a “Read aloud” button."
    : "Read-aloud: not available — this browser has no speech synthesis, so answers have no “Read aloud” button " +
      "and ttsStart / ttsEnd cannot fire here.");

  var widget = D.mount({ experienceId: "demo", features: { voice: true, tts: true, ttsAuto: false } }, "phone-chat");
  ["voiceStart", "voiceEnd", "ttsStart", "ttsEnd", "error"].forEach(function (name) {
    widget.on(name, function (d) { log.add(name, d); });
  });
  D.on("ask", "click", function () {
    widget.open();
    widget.sendMessage("How does voice input work?");
  });
})();
