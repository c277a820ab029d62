// The live timeline of a medicine session. Every entry is kept in this browser (localStorage) from the moment it
// is made, with its own id and time, and shown as "not yet saved" until the server has it; entries are sent in
// order whenever the connection allows, and a resend never duplicates one (the server knows the id). Touch
// buttons show the consent in force, polled every few seconds; a change is announced on the page.
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room) return;
  var KEY = "cocreate.medicine." + room.dataset.record;
  var csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  var statusLine = document.getElementById("save-status");
  var pendingList = document.getElementById("pending");
  var refusedList = document.getElementById("refused");
  var banner = document.getElementById("consent-banner");
  var consentNumber = parseInt(room.dataset.consentNumber || "0", 10);
  var sending = false;
  var LEVEL_WORDS = { yes: "yes", ask_first: "ask first", no: "no" };

  function queue() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { localStorage.setItem(KEY, JSON.stringify(items)); }

  function uid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function say(text) { statusLine.textContent = text; }

  function summary(e) {
    var d = e.data;
    if (e.kind === "words") return "“" + d.said + "”";
    if (e.kind === "emotion") return "Feeling: " + (d.emotions || []).concat(d.text ? [d.text] : []).join(", ");
    if (e.kind === "helped") return "What helped: " + (d.what || []).concat(d.text ? [d.text] : []).join(", ");
    if (e.kind === "touch") return "Touch: " + e.data.kind.replace(/_/g, " ");
    if (e.kind === "vitals") return "Vital signs: " + Object.keys(d).map(function (k) { return k + " " + d[k]; }).join(", ");
    if (e.kind === "dose") return "Dose: " + d.substance + " " + d.amount + " mg";
    return e.kind + ": " + (d.text || d.what || "");
  }

  function render() {
    var items = queue();
    pendingList.innerHTML = "";
    items.forEach(function (e) {
      var li = document.createElement("li");
      li.className = "entry pending";
      var t = new Date(e.at);
      li.textContent = ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2) + " " + summary(e) +
        " — not yet saved";
      pendingList.appendChild(li);
    });
    if (items.length) say(items.length + (items.length === 1 ? " entry" : " entries") + " not yet saved: kept on this device, sent when the connection allows.");
  }

  function refused(result) {
    var li = document.createElement("li");
    li.className = "refused";
    li.textContent = "Not kept: " + result.reason;
    refusedList.appendChild(li);
  }

  function refreshSaved() {
    return fetch(room.dataset.timelineUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("timeline");
        var here = document.getElementById("timeline");
        if (fresh && here) here.replaceWith(fresh);
      });
  }

  function flush() {
    var items = queue();
    if (sending) return;
    if (!items.length) { say("Everything is saved."); return; }
    sending = true;
    var batch = items.slice(0, 200);
    fetch(room.dataset.entriesUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ entries: batch })
    }).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        say("Signed out: sign in again in another tab; the entries stay on this device until then.");
        throw new Error("signed out");
      }
      if (!r.ok) throw new Error("status " + r.status);
      return r.json();
    }).then(function (body) {
      var done = {};
      body.results.forEach(function (res) {
        done[res.uid] = true;
        if (res.status === "refused") refused(res);
      });
      keep(queue().filter(function (e) { return !done[e.uid]; }));
      render();
      return refreshSaved();
    }).catch(function () {
      render();
    }).then(function () {
      sending = false;
      if (queue().length && navigator.onLine) setTimeout(flush, 3000);
      else if (!queue().length) say("Everything is saved.");
    });
  }

  function add(kind, data) {
    var items = queue();
    items.push({ uid: uid(), kind: kind, at: new Date().toISOString(), data: data });
    keep(items);
    render();
    flush();
  }

  // One tap: an emotion or what helped, logged at once.
  room.querySelectorAll("[data-one-tap]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.dataset.oneTap;
      add(kind, kind === "emotion" ? { emotions: [button.dataset.value] } : { what: [button.dataset.value] });
    });
  });

  // Forms: each field by name; numbers as numbers (left out when empty); ticked boxes as true.
  room.querySelectorAll("form[data-kind]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        if (el.type === "checkbox") { if (el.hasAttribute("data-bool")) data[el.name] = el.checked; return; }
        if (el.value === "") return;
        data[el.name] = el.type === "number" ? Number(el.value) : el.value;
      });
      add(form.dataset.kind, data);
      form.reset();
    });
  });

  // Touch: "yes" is logged; "ask first" asks whether the client just said yes; "no" or not allowed is refused.
  var ask = document.getElementById("ask-first");
  var touchRefused = document.getElementById("touch-refused");
  var asking = null;
  room.querySelectorAll("button[data-touch]").forEach(function (button) {
    button.addEventListener("click", function () {
      touchRefused.hidden = true;
      var kind = button.dataset.touch, level = button.dataset.level;
      if (button.dataset.allowed !== "1") {
        touchRefused.textContent = "Not offered: this protocol does not allow " + kind.replace(/_/g, " ") + ".";
        touchRefused.hidden = false;
      } else if (level === "yes") {
        add("touch", { kind: kind, consent_number: consentNumber });
      } else if (level === "ask_first") {
        asking = kind;
        ask.hidden = false;
        ask.querySelector("button").focus();
      } else {
        touchRefused.textContent = "Not offered: the client's consent says no to " + kind.replace(/_/g, " ") + ".";
        touchRefused.hidden = false;
      }
    });
  });
  ask.querySelectorAll("button[data-answer]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (asking) add("touch", { kind: asking, client_said_yes: button.dataset.answer === "yes",
                                 consent_number: consentNumber });
      asking = null;
      ask.hidden = true;
    });
  });

  // The consent in force, polled: a change reaches this page within seconds, and the page says so.
  function pollConsent() {
    fetch(room.dataset.consentUrl, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (body) {
      if (!body || body.number === consentNumber) return;
      consentNumber = body.number;
      var changed = [];
      room.querySelectorAll("button[data-touch]").forEach(function (button) {
        var level = body.levels[button.dataset.touch] || "no";
        if (level !== button.dataset.level) changed.push(button.dataset.touch.replace(/_/g, " ") + " is now “" + LEVEL_WORDS[level] + "”");
        button.dataset.level = level;
        button.className = "tap touch level-" + level;
        if (button.dataset.allowed === "1") button.querySelector(".level").textContent = LEVEL_WORDS[level];
      });
      var now = new Date();
      banner.textContent = "Touch consent changed at " + ("0" + now.getHours()).slice(-2) + ":" +
        ("0" + now.getMinutes()).slice(-2) + ": " + (changed.join("; ") || "a new agreement is in force") + ".";
      banner.hidden = false;
    }).catch(function () { /* offline: try again on the next beat */ });
  }

  window.addEventListener("online", flush);
  setInterval(flush, 5000);
  setInterval(pollConsent, 5000);
  render();
  flush();
})();
