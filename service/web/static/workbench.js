// stance workbench: in-place updates on top of forms that work without this file.
// Opening "Why ...?" loads a sentence's top n-grams; "Save correction" saves the frame chosen under
// "Correct frame" without reloading the page. Choosing in the list saves nothing, with the mouse or
// the keyboard alike: only the button does, as without this file. Any failure falls back to posting
// the form as a browser without script would.
"use strict";

(function () {
  function rowOf(element) {
    return element.closest("li.sentence");
  }

  function setStatus(row, text, html) {
    var status = row.querySelector(".correction-status");
    if (!status) return;
    if (html) status.innerHTML = html;
    else status.textContent = text;
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  // Post the results form once the script cannot help (not signed in, network down): the page does the rest.
  function postPlainly(form, button) {
    form.dataset.plain = "1";
    form.requestSubmit(button);
  }

  function loadExplanation(form, details) {
    var button = details.querySelector('button[name="explain"]');
    if (!button || details.dataset.loading) return;
    details.dataset.loading = "1";
    var target = details.querySelector(".explanation");
    var url = new URL(button.formAction);
    url.hash = "";
    url.searchParams.set("fragment", "1");
    var body = new FormData(form);
    body.set("explain", button.value);
    target.setAttribute("aria-busy", "true");
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        target.innerHTML = html;
      })
      .catch(function () {
        delete details.dataset.loading;
      })
      .finally(function () {
        target.removeAttribute("aria-busy");
      });
  }

  function saveCorrection(form, row) {
    var select = row.querySelector("select.correct-frame");
    var button = row.querySelector('button[name="correct"]');
    var label = select.value;
    if (!label) {
      setStatus(row, "Choose a frame first.");
      return;
    }
    // One correction per choice: a click on Save after a choice already saved stores nothing twice.
    if (row.dataset.saving === label || row.dataset.saved === label) return;
    row.dataset.saving = label;
    setStatus(row, "Saving…");
    var body = new FormData(form);
    body.set("correct", button.value);
    var url = new URL(button.formAction);
    url.hash = "";
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) {
          delete row.dataset.saving;
          postPlainly(form, button);
          return null;
        }
        return response.json().then(function (data) {
          if (!response.ok) throw new Error((data.error && data.error.message) || "status " + response.status);
          return data;
        });
      })
      .then(function (stored) {
        if (!stored) return;
        row.dataset.saved = stored.label;
        row.dataset.corrected = stored.label;
        // Same words as the row the server renders (_sentences.html): a changed pending correction says what it was.
        setStatus(
          row,
          null,
          (stored.new || stored.replaced ? "Corrected" : "Already corrected") +
            " to <strong>" + escapeText(stored.label) + "</strong> (#" + stored.id + ", " + escapeText(stored.status) + ")" +
            (stored.replaced ? ", was " + escapeText(stored.previous_label) : "")
        );
      })
      .catch(function (error) {
        setStatus(row, null, "<strong>Not saved:</strong> " + escapeText(error.message));
      })
      .finally(function () {
        delete row.dataset.saving;
      });
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (form.dataset.plain || !button || button.name !== "correct") return;
      event.preventDefault();
      saveCorrection(form, rowOf(button));
    });

    form.querySelectorAll("details.explain").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) loadExplanation(form, details);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("results");
    if (form) enhance(form);
  });
})();
