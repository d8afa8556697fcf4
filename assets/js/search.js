// Starts Pagefind's search box on the search page (layouts/search.html).
// A separate file, not an inline script, so that a strict CSP allows it.
// Pagefind picks the index of the page's <html lang>, so results stay in
// the reader's language.
//
// The query is kept in the page's address (?q=…): a link to /de/suche/?q=Wasserstoff
// searches at once, reloading or going back keeps the results, and the language
// switcher takes the query along to the other language's search page.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element) return;
  if (typeof PagefindUI === "undefined") {  // built with --no-search, or the index failed to load
    document.getElementById("search-unavailable").hidden = false;
    return;
  }
  var switcher = Array.prototype.slice.call(document.querySelectorAll("nav.languages a[hreflang]"));
  function remember(term) {
    var query = term ? "?q=" + encodeURIComponent(term) : "";
    history.replaceState(history.state, "", location.pathname + query + location.hash);
    switcher.forEach(function (link) {
      var url = new URL(link.href);
      url.search = query;
      link.href = url.toString();
    });
  }
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: element.getAttribute("data-base-url") || "/",
    showSubResults: true,
    resetStyles: false,
    processTerm: function (term) {
      remember(term.trim());
      return term;
    }
  });
  // Pagefind does not ask processTerm about an empty box: cleared, the address forgets the query.
  element.addEventListener("input", function (event) {
    if (event.target.value !== undefined && !event.target.value.trim()) remember("");
  });
  element.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".pagefind-ui__search-clear")) remember("");
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    ui.triggerSearch(asked);
  }
});
