// Polls the status of a download's progress page (web/dashboard/document_progress.html, web/cycle/rkpd_progress.html)
// and follows it when done.
// A file of its own: the Content Security Policy allows no inline script.
(function () {
  var card = document.getElementById("penyusunan");
  var bar = card.querySelector(".bar"), track = document.getElementById("kemajuan");
  var step = document.getElementById("langkah"), hint = document.getElementById("tanpa-pekerja");
  var labels = {menunggu: "Menunggu", berjalan: "Sedang disusun", selesai: "Selesai", gagal: "Gagal"};
  function poll() {
    fetch(card.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.siap) {
          bar.style.width = "100%";
          step.textContent = "Dokumen siap; unduhan dimulai. Jika tidak, klik Muat ulang.";
          window.location = card.dataset.downloadUrl;
          return;
        }
        if (s.status === "gagal" || s.status === "tidak_ada") {
          window.location = card.dataset.downloadUrl;  // the page of the failure, or a new task
          return;
        }
        bar.style.width = s.kemajuan + "%";
        track.setAttribute("aria-valuenow", s.kemajuan);
        step.textContent = labels[s.status] + (s.langkah ? ": " + s.langkah : "") + " (" + s.kemajuan + "%)";
        hint.hidden = !s.tanpa_pekerja;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
