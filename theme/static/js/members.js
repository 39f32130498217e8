// Member directory filter (/leden/). Without JavaScript the form is hidden (nojs.css)
// and every member is listed (on a phone each province folds open by itself);
// with it, members are filtered by text (name, city, province) and field of
// work, the provinces with a match are opened, and a polite status says how
// many remain. A link to a province (map, list) opens it.
(function () {
  "use strict";

  // Same folding as the build (members/data.py fold): no case, accents or punctuation.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function setUp(form) {
    var list = document.getElementById(form.getAttribute("data-member-filter-target"));
    if (!list) return;
    var text = form.querySelector("input[type=search]");
    var field = form.querySelector("select");
    var status = form.querySelector("[data-member-filter-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-member]"));
    // What the filter searches: name, city and province (as members/data.py search_text).
    var haystacks = items.map(function (item) {
      var name = item.querySelector(".vw-member__name").textContent;
      var place = item.querySelector(".vw-member__place").textContent;
      var province = item.closest("[data-member-province]").getAttribute("data-member-province");
      return fold(name + " " + place + " " + province);
    });
    var sections = Array.prototype.slice.call(list.querySelectorAll("[data-member-province]"));
    var folds = Array.prototype.slice.call(list.querySelectorAll("[data-member-fold]"));
    var foldedAtFirst = folds.map(function (details) { return !details.open; });

    function say(count) {
      var key = count === 0 ? "data-text-none" : count === 1 ? "data-text-one" : "data-text-many";
      status.textContent = form.getAttribute(key).replace("{count}", String(count));
    }

    function apply() {
      var words = fold(text.value).split(" ").filter(Boolean);
      var wanted = field.value;
      var shown = 0;
      items.forEach(function (item, index) {
        var haystack = haystacks[index];
        var fields = item.getAttribute("data-member-fields").split(" ");
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
          (!wanted || fields.indexOf(wanted) !== -1);
        item.hidden = !match;
        if (match) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("[data-member]:not([hidden])");
      });
      // A filter shows what it found; with none, each province folds as before.
      var filtering = words.length > 0 || Boolean(wanted);
      folds.forEach(function (details, index) {
        details.open = filtering || !foldedAtFirst[index];
      });
      say(shown);
    }

    function openTarget() {
      var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      var details = target && target.querySelector("[data-member-fold]");
      if (details) details.open = true;
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    window.addEventListener("hashchange", openTarget);
    openTarget();
    if (text.value || field.value) apply(); // values restored by the browser on "back"
  }

  function start() {
    if (!document.documentElement.classList.contains("vw-js")) return;
    document.querySelectorAll('[data-module="vw-member-filter"]').forEach(setUp);
  }

  // This deferred script may run before site.js marks html.vw-js; both have
  // run by DOMContentLoaded (readyState is already "interactive" here).
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
