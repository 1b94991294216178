// Copy buttons of a document's citations: the citation goes to the clipboard as formatted text (titles in
// italics) and as plain text. Without this script, or without clipboard access, the buttons stay hidden and the
// citations are ordinary text to select.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  var status = document.getElementById("cite-status");

  function copy(source) {
    var text = source.textContent.replace(/\s+/g, " ").trim();
    if (window.ClipboardItem && navigator.clipboard.write) {
      return navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([source.innerHTML.trim()], { type: "text/html" })
      })]);
    }
    return navigator.clipboard.writeText(text);
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(source).then(function () {
        status.textContent = "Copied.";
      }, function () {
        status.textContent = "The browser did not allow copying; select the text instead.";
      });
    });
  });
}());
