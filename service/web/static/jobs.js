// stance workbench: the corpus and review pages. Keeps a job's progress bar current (the page
// reloads itself when the job ends) and lets the number keys press a review queue's label buttons.
// Without this file the pages still work: a reload shows the progress, the buttons label.
"use strict";

(function () {
  function followJob(box) {
    var bar = box.querySelector("progress");
    var message = box.querySelector(".job-message");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (job) {
          var percent = Math.round(job.progress * 100);
          bar.value = percent;
          bar.textContent = percent + " %";
          var state = job.status.charAt(0).toUpperCase() + job.status.slice(1);
          message.textContent = state + (job.message ? ": " + job.message : "") + " (" + percent + " %)";
          if (job.status === "done" || job.status === "failed") window.location.assign(job.url);
          else window.setTimeout(poll, 1000);
        })
        .catch(function () {
          window.setTimeout(poll, 3000);
        });
    }
    window.setTimeout(poll, 500);
  }

  function reviewKeys(form) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      var target = event.target;
      if (target && target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
      var button = form.querySelector('button[data-key="' + event.key + '"]');
      if (!button || form.dataset.sent) return;
      event.preventDefault();
      form.dataset.sent = "1";
      form.requestSubmit(button);
    });
  }

  document.querySelectorAll("[data-status-url]").forEach(followJob);
  document.querySelectorAll("form[data-review-keys]").forEach(reviewKeys);
})();
