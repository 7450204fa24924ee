// Reuse tools beside each fact. No third-party code; one listener each on the document, so a page with
// hundreds of facts costs nothing more to load than a page with one.
(function () {
  "use strict";

  // Copy text, then call done (or failed); false when this browser cannot copy at all.
  function copied(text, done, failed) {
    if (!navigator.clipboard) return false;
    navigator.clipboard.writeText(text).then(done, failed || function () {});
    return true;
  }

  // "Copy link": copies the fact's short address. Without JavaScript the link still leads to that address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.reuse-copy") : null;
    if (!link || !link.dataset.copy) return;
    var label = link.textContent;
    var started = copied(link.dataset.copy, function () {
      link.textContent = "Link copied";
      link.setAttribute("aria-live", "polite");
      setTimeout(function () { link.textContent = label; }, 2000);
    }, function () { window.location.href = link.href; });
    if (started) event.preventDefault();
  });

  // "Cite this": each citation gets a copy button the first time its block is opened (the text stays
  // selectable without JavaScript). The button looks like Material's own code-copy button.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.matches || !details.matches("details.reuse") || !details.open || details.dataset.copyReady) return;
    details.dataset.copyReady = "true";
    Array.prototype.forEach.call(details.querySelectorAll("pre.reuse-citation"), function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-clipboard md-icon reuse-citation-copy";
      button.title = "Copy to clipboard";
      button.setAttribute("aria-label", "Copy to clipboard");
      button.dataset.copy = pre.textContent;
      pre.appendChild(button);
    });
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.reuse-citation-copy") : null;
    if (!button) return;
    copied(button.dataset.copy, function () {
      button.setAttribute("aria-label", "Copied to clipboard");
      button.title = "Copied to clipboard";
      setTimeout(function () {
        button.setAttribute("aria-label", "Copy to clipboard");
        button.title = "Copy to clipboard";
      }, 2000);
    });
  });
})();
