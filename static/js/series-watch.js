// Tells the server when an episode starts playing and when it is watched to
// the end (90%), once each per page load, for the creator's analytics; and,
// for a logged-in viewer, where they are in it (every 10 seconds while it
// plays, on pause and at the end), so the watch page resumes there next time.
(function () {
  "use strict";
  var form = document.querySelector("form[data-watch-events]");
  var progressForm = document.querySelector("form[data-watch-progress]");
  var video = document.querySelector("video");
  var next = document.querySelector("[data-next-episode]");
  if (!form || !video) {
    return;
  }
  var sent = {};
  var PROGRESS_EVERY_SECONDS = 10;
  var lastSaved = null;

  function post(target, fields) {
    var data = new FormData(target);
    Object.keys(fields).forEach(function (name) {
      data.append(name, fields[name]);
    });
    fetch(target.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
  }

  function report(event) {
    if (sent[event]) {
      return;
    }
    sent[event] = true;
    post(form, { event: event });
  }

  // One save at a time: a save asked for while one is on its way waits for
  // it, and only the latest position is sent then.
  var saving = false;
  var waiting = null;

  function send(fields) {
    saving = true;
    var data = new FormData(progressForm);
    Object.keys(fields).forEach(function (name) {
      data.append(name, fields[name]);
    });
    fetch(progressForm.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .catch(function () {})
      .then(function () {
        saving = false;
        if (waiting) {
          var next = waiting;
          waiting = null;
          send(next);
        }
      });
  }

  function saveProgress(ended) {
    if (!progressForm) {
      return;
    }
    lastSaved = video.currentTime;
    var fields = { position: Math.floor(video.currentTime), ended: ended ? "1" : "0" };
    if (saving) {
      if (!(waiting && waiting.ended === "1")) {
        waiting = fields;
      }
      return;
    }
    send(fields);
  }

  // Browsers that ignore the #t= start in the address start at data-start.
  var start = parseInt(video.getAttribute("data-start") || "0", 10);
  if (start > 0) {
    video.addEventListener("loadedmetadata", function () {
      if (video.currentTime < 1 && start < video.duration) {
        video.currentTime = start;
      }
    });
  }

  video.addEventListener("play", function () {
    report("play");
  });
  video.addEventListener("timeupdate", function () {
    if (video.duration && video.currentTime >= video.duration * 0.9) {
      report("complete");
    }
    if (!video.paused && (lastSaved === null || Math.abs(video.currentTime - lastSaved) >= PROGRESS_EVERY_SECONDS)) {
      saveProgress(false);
    }
  });
  video.addEventListener("pause", function () {
    if (!video.ended) {
      saveProgress(false);
    }
  });
  video.addEventListener("ended", function () {
    report("complete");
    saveProgress(true);
    if (next) {
      next.classList.add("border", "border-3");
      var link = next.querySelector("a");
      if (link) {
        link.focus();
      }
    }
  });
})();
