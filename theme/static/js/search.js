// Search page: starts Pagefind's self-hosted default UI (pagefind-ui.js) in [data-module="search"].
// Without JavaScript the page keeps its list of links; a ?q= term (from the 404 page) is searched at once.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.querySelector('[data-module="search"]');
  if (!root || typeof window.PagefindUI !== "function") return;
  var target = document.createElement("div");
  target.id = "vw-search-ui";
  root.appendChild(target);
  var ui = new window.PagefindUI({ element: "#vw-search-ui", showSubResults: true, showImages: false });
  root.classList.add("vw-search--ready");
  var term = new URLSearchParams(window.location.search).get("q");
  if (term) ui.triggerSearch(term);
});
