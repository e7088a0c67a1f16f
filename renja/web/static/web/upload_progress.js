// Polls the status of an upload's progress page (web/plan_import/progress.html) and follows it when done.
// A file of its own: the Content Security Policy allows no inline script.
(function () {
  var card = document.getElementById("pemrosesan");
  var bar = card.querySelector(".bar"), track = document.getElementById("kemajuan");
  var step = document.getElementById("langkah");
  function poll() {
    fetch(card.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.selesai) { window.location = card.dataset.pageUrl; return; }
        bar.style.width = s.kemajuan + "%";
        track.setAttribute("aria-valuenow", s.kemajuan);
        step.textContent = (s.langkah || s.status) + " (" + s.kemajuan + "%)";
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
