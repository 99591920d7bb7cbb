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
   or copying the link. Buttons stay hidden when JavaScript is off; the Facebook link works anyway. */
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

  document.querySelectorAll(".dh-share [data-share]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url");
      if (button.getAttribute("data-share") === "zalo" && navigator.share) {
        navigator.share({ title: document.title, url: url }).catch(function () {});
        return;
      }
      copy(url).then(function () { status(button, button.getAttribute("data-done")); },
                     function () { status(button, url); });
    });
  });
})();

/* Material's menu button is a <label> for the drawer checkbox, out of reach of the keyboard.
   With tabindex it takes focus; Material itself clicks a focused label on Enter, we add Space.
   Opening from the keyboard moves focus into the drawer; Escape closes it and returns. */
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".dh-menu-button");
  if (!toggle || !button) return;
  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (toggle.checked && document.activeElement === button) {
      var first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) first.focus();
    }
  });
  button.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    event.preventDefault();
    button.click();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    button.focus();
  });
})();
