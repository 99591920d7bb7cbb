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
