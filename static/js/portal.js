/* Small behaviours shared by every page (no inline scripts: the CSP allows only 'self').
   - form[data-confirm]: a plain dialog naming the consequence before what cannot be undone.
   - form[data-enter-button="NAME"], or any form with a button named "save": Enter in a text
     field presses that button ("save draft"), never the form's first, consequential one.
   - the scoring sheet: a refused autosave puts the radio back on the answer that is stored. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
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
