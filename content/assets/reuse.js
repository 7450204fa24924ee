// "Copy link" beside each fact: copies the fact's short address. Without JavaScript the link still
// leads to that address. No third-party code.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.reuse-copy") : null;
    if (!link || !navigator.clipboard || !link.dataset.copy) return;
    event.preventDefault();
    var label = link.textContent;
    navigator.clipboard.writeText(link.dataset.copy).then(
      function () {
        link.textContent = "Link copied";
        link.setAttribute("aria-live", "polite");
        setTimeout(function () { link.textContent = label; }, 2000);
      },
      function () { window.location.href = link.href; }
    );
  });
})();
