// Drag episode rows to reorder them; the number fields follow, so saving the
// form (which works without this script) stores the order shown.
(function () {
  "use strict";
  var body = document.querySelector("[data-episode-order]");
  if (!body) {
    return;
  }
  var dragged = null;

  function renumber() {
    body.querySelectorAll("tr").forEach(function (row, index) {
      var input = row.querySelector("input.episode-position");
      if (input) {
        input.value = index + 1;
      }
    });
  }

  body.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("tr");
    if (!dragged) {
      return;
    }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
    dragged.classList.add("opacity-50");
  });

  body.addEventListener("dragover", function (event) {
    var target = event.target.closest("tr");
    if (!dragged || !target || target === dragged) {
      return;
    }
    event.preventDefault();
    var box = target.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    body.insertBefore(dragged, after ? target.nextSibling : target);
  });

  body.addEventListener("drop", function (event) {
    event.preventDefault();
  });

  body.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("opacity-50");
    }
    dragged = null;
    renumber();
  });
})();
