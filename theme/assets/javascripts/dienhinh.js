/* Vietnamese search folding shared by the search page and the honour-roll filter, the same as
   vietnamese.fold on the Python side (which builds the search index): invisible characters
   dropped, marks removed, đ (and look-alikes pasted from old PDFs: Ð, ð, Ɖ, ɖ) written as d,
   which Unicode does not decompose, lower case, single spaces. */
window.dhFold = function (text) {
  return text.replace(/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g, "").normalize("NFD")
    .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "")
    .replace(/[đĐðÐɖƉ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
};

/* Share buttons without third-party scripts: the phone's share sheet (where Zalo appears),
   or copying the link. Buttons stay hidden when JavaScript is off; the Facebook link works anyway. The link
   shared is the page's canonical address (its public one, also in a preview), not carried again by each button. */
(function () {
  "use strict";

  function status(button, text) {
    var box = button.parentNode.querySelector(".dh-share__status");
    if (box) { box.textContent = text; }
  }

  function copy(url) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(url);
    }
    var field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(field);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  var canonical = document.querySelector('link[rel="canonical"]');
  var url = canonical ? canonical.href : location.href.split("#")[0];
  document.querySelectorAll(".dh-share [data-share]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("data-share") === "zalo" && navigator.share) {
        navigator.share({ title: document.title, url: url }).catch(function () {});
        return;
      }
      copy(url).then(function () { status(button, button.getAttribute("data-done")); },
                     function () { status(button, url); });
    });
  });
})();

/* The drawer's links are the tab bar's, which the page carries once (theme/main.html): each tab becomes a
   drawer item as Material draws it, the current section marked. */
(function () {
  var list = document.querySelector(".md-nav--primary > .md-nav__list[data-dh-tabs]");
  if (!list) return;
  document.querySelectorAll(".md-tabs__item").forEach(function (tab) {
    var source = tab.querySelector("a");
    if (!source) return;
    var active = tab.classList.contains("md-tabs__item--active");
    var item = document.createElement("li");
    item.className = "md-nav__item" + (active ? " md-nav__item--active" : "");
    var link = document.createElement("a");
    link.href = source.getAttribute("href");
    link.className = "md-nav__link" + (active ? " md-nav__link--active" : "");
    var label = document.createElement("span");
    label.className = "md-ellipsis";
    label.textContent = source.textContent.trim();
    link.appendChild(label);
    item.appendChild(link);
    list.appendChild(item);
  });
})();

/* The menu button (theme/partials/header.html) opens Material's drawer, a checkbox the CSS reads.
   Opening from the keyboard moves focus into the drawer; Escape closes it and returns. */
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".dh-menu-button");
  if (!toggle || !button) return;
  function set(open) {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }
  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (toggle.checked && document.activeElement === button) {
      var first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) first.focus();
    }
  });
  button.addEventListener("click", function () { set(!toggle.checked); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    set(false);
    button.focus();
  });
})();

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
