// The error summary takes the focus, so a screen reader reads it and a keyboard starts
// there (GOV.UK error summary); its links then move to the field itself.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    var group = input.closest("fieldset");
    (group || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
