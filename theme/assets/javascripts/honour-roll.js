/* Honour-roll page: filter rows by unit and by name typed with or without diacritics (đ counts as d).
   Without JavaScript the form stays hidden and every row is shown. */
(function () {
  "use strict";
  var fold = window.dhFold;
  function setup(form) {
    var article = form.closest("article") || document;
    var rows = Array.prototype.slice.call(article.querySelectorAll(".dh-roll-table tbody tr[data-search]"));
    var groups = Array.prototype.slice.call(article.querySelectorAll(".dh-roll-table tbody tr.dh-roll__group"));
    var sections = Array.prototype.slice.call(article.querySelectorAll(".dh-roll__section"));
    var status = form.querySelector(".dh-roll-filter__status");
    var unit = form.querySelector("select[name=unit]");
    var query = form.querySelector("input[name=q]");
    function apply() {
      var wanted = unit ? unit.value : "";
      var words = fold(query.value);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = (!wanted || row.getAttribute("data-unit") === wanted) &&
          (!words || row.getAttribute("data-search").indexOf(words) !== -1);
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      groups.forEach(function (group) {
        var next = group.nextElementSibling, any = false;
        while (next && !next.classList.contains("dh-roll__group")) { if (!next.hidden) { any = true; } next = next.nextElementSibling; }
        group.hidden = !any;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("tbody tr[data-search]:not([hidden])");
      });
      status.textContent = status.getAttribute("data-template").replace("{shown}", shown).replace("{total}", rows.length);
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (unit) { unit.addEventListener("change", apply); }
    query.addEventListener("input", apply);
    apply();
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-dh-roll-filter]"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
