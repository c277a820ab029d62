// The journal's voice recorder: records from the microphone in the browser and puts the recording into the form's
// own file input, so it is sent with the entry like any chosen file. Without this script (or a browser that cannot
// record) the recorder stays hidden and choosing a file works as before.
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      typeof DataTransfer === "undefined" || typeof File === "undefined") {
    return;
  }
  var start = box.querySelector("[data-record-start]");
  var stop = box.querySelector("[data-record-stop]");
  var discard = box.querySelector("[data-record-discard]");
  var status = box.querySelector("[data-record-status]");
  var preview = box.querySelector("[data-record-preview]");
  var input = box.querySelector("[data-record-file]");
  var form = box.closest("form");
  var sending = false;
  var recorder = null;
  var stream = null;
  var chunks = [];
  var url = null;
  var began = 0;
  var ticking = null;
  box.hidden = false;

  function chosenType() {
    var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  function ending(type) {
    if (type.indexOf("ogg") >= 0) { return "ogg"; }
    if (type.indexOf("mp4") >= 0) { return "m4a"; }
    return "webm";
  }

  function clear() {
    input.files = new DataTransfer().files;
    if (url) { URL.revokeObjectURL(url); url = null; }
    preview.removeAttribute("src");
    preview.hidden = true;
    discard.hidden = true;
  }

  function elapsed() {
    var s = Math.floor((Date.now() - began) / 1000);
    status.textContent = box.dataset.recording + " " + Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (got) {
      stream = got;
      var type = chosenType();
      recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      chunks = [];
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) { chunks.push(event.data); }
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        clearInterval(ticking);
        var kind = (recorder.mimeType || type || "audio/webm").split(";")[0];
        var blob = new Blob(chunks, { type: kind });
        var made = new Date();
        var name = "voice-note-" + made.toISOString().slice(0, 16).replace("T", "-").replace(":", "") + "." +
          ending(kind);
        var holder = new DataTransfer();
        holder.items.add(new File([blob], name, { type: kind }));
        input.files = holder.files;
        url = URL.createObjectURL(blob);
        preview.src = url;
        preview.hidden = false;
        discard.hidden = false;
        stop.hidden = true;
        start.hidden = false;
        status.textContent = box.dataset.ready;
        start.textContent = box.dataset.again;
        if (sending) {
          form.requestSubmit();
        } else {
          start.focus();
        }
      });
      clear();
      recorder.start(1000);
      began = Date.now();
      elapsed();
      ticking = setInterval(elapsed, 1000);
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
    }).catch(function () {
      status.textContent = box.dataset.denied;
    });
  });

  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") { recorder.stop(); }
  });

  // Saving while still recording keeps the recording: it stops, and then the form is sent with it.
  form.addEventListener("submit", function (event) {
    if (recorder && recorder.state === "recording") {
      event.preventDefault();
      sending = true;
      recorder.stop();
    }
  });

  discard.addEventListener("click", function () {
    clear();
    status.textContent = box.dataset.discarded;
    start.focus();
  });
})();
