// Progressive help only: a select marked data-autosubmit submits its form when changed.
// Every page works without this file.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
