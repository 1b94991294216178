// Progressive enhancement of the search page: facet, chip, timeline, sort and page links fetch the next results
// and replace the page's content in place, keeping the address bar and the back button right. Without this
// script every link is an ordinary link and every form an ordinary form.
(function () {
  "use strict";
  var content = document.getElementById("content");
  if (!content || !content.querySelector(".search-layout")) { return; }

  function isSearchAddress(url) {
    return url.origin === window.location.origin && url.pathname === "/search";
  }

  function load(url, push) {
    content.setAttribute("aria-busy", "true");
    return fetch(url.href, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var nextContent = next.getElementById("content");
        if (!nextContent) { throw new Error("no content"); }
        content.innerHTML = nextContent.innerHTML;
        document.title = next.title;
        var query = next.getElementById("site-q");
        if (query) { document.getElementById("site-q").value = query.value; }
        if (push) { history.pushState({ search: true }, "", url.href); }
        content.removeAttribute("aria-busy");
        content.focus({ preventScroll: true });
      })
      .catch(function () { window.location.href = url.href; });
  }

  content.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        link.hasAttribute("download") || link.target) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (!isSearchAddress(url)) { return; }
    event.preventDefault();
    load(url, true);
  });

  content.addEventListener("submit", function (event) {
    var form = event.target;
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if ((form.method || "get").toLowerCase() !== "get" || !isSearchAddress(url)) { return; }
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    load(url, true);
  });

  window.addEventListener("popstate", function () { load(new URL(window.location.href), false); });
}());
