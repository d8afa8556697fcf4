// Starts Pagefind's search box on the search page (layouts/search.html).
// A separate file, not an inline script, so that a strict CSP allows it.
// Pagefind picks the index of the page's <html lang>, so results stay in
// the reader's language.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element) return;
  if (typeof PagefindUI === "undefined") {  // built with --no-search, or the index failed to load
    document.getElementById("search-unavailable").hidden = false;
    return;
  }
  new PagefindUI({
    element: "#search",
    baseUrl: element.getAttribute("data-base-url") || "/",
    showSubResults: true,
    resetStyles: false
  });
});
