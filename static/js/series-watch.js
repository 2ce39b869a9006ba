// Tells the server when an episode starts playing and when it is watched to
// the end (90%), once each per page load, for the creator's analytics.
(function () {
  "use strict";
  var form = document.querySelector("form[data-watch-events]");
  var video = document.querySelector("video");
  if (!form || !video) {
    return;
  }
  var sent = {};

  function report(event) {
    if (sent[event]) {
      return;
    }
    sent[event] = true;
    var data = new FormData(form);
    data.append("event", event);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
  }

  video.addEventListener("play", function () {
    report("play");
  });
  video.addEventListener("timeupdate", function () {
    if (video.duration && video.currentTime >= video.duration * 0.9) {
      report("complete");
    }
  });
  video.addEventListener("ended", function () {
    report("complete");
  });
})();
