/* Small behaviours shared by every page (no inline scripts: the CSP allows only 'self').
   - form[data-confirm]: a plain dialog naming the consequence before what cannot be undone.
   - form[data-enter-button="NAME"], or any form with a button named "save": Enter in a text
     field presses that button ("save draft"), never the form's first, consequential one.
   - the scoring sheet: a refused autosave puts the radio back on the answer that is stored,
     and form[data-after-saves] (submitting the sheet) waits for the autosaves under way. */
(function () {
  "use strict";
  // Autosaves of the scoring sheet still on their way: a submit waits for them, so that the
  // sheet is never submitted before its last answers are stored.
  var pendingSaves = 0;
  var waitingForm = null;
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-score-form]") &&
        event.target.hasAttribute("hx-post")) pendingSaves += 1;
  }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.closest || !elt.closest("[data-score-form]")) return;
    pendingSaves = Math.max(0, pendingSaves - 1);
    if (pendingSaves === 0 && waitingForm) {
      var form = waitingForm;
      waitingForm = null;
      form.requestSubmit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-after-saves") && pendingSaves > 0) {
      event.preventDefault();
      event.stopImmediatePropagation();
      waitingForm = form;
      return;
    }
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.form) return;
    // a form offering "save draft" beside a consequential first button saves the draft
    var name = field.form.getAttribute("data-enter-button") ||
      (field.form.querySelector('button[name="save"]') ? "save" : "");
    if (!name || field.type === "submit" || field.type === "button") return;
    event.preventDefault();
    var button = field.form.querySelector('button[name="' + name + '"]');
    if (button) button.click();
  });

  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var swapped = event.detail && event.detail.target;
    if (!swapped || !swapped.id || swapped.id.indexOf("answer-state-") !== 0) return;
    // an out-of-band swap replaces the element: read the new one
    var target = document.getElementById(swapped.id);
    var keep = target && target.getAttribute("data-keep-option");
    if (keep) {
      var radio = document.getElementById("o" + keep);
      if (radio) radio.checked = true;
    }
  });
})();
