// Search page (/zoeken/): our own results on Pagefind's JavaScript API (/pagefind/pagefind.js).
// Without JavaScript the form is hidden (nojs.css) and the page offers its lists of overviews and topics.
// With it: results as you type (or on Enter), filters for type, year and topic, ten results at a
// time, a polite status line, and the search in the address (?q=...&type=...) for back and links.
(function () {
  "use strict";

  var PAGE = 10;

  function setUp(root) {
    var form = root.querySelector("form");
    var input = form.querySelector("input[type=search]");
    var status = root.querySelector("[data-search-status]");
    var list = root.querySelector("[data-search-results]");
    var more = root.querySelector("[data-search-more]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var text = function (key, count, term) {
      return root.getAttribute("data-text-" + key).replace("{count}", String(count)).replace("{term}", term || "");
    };
    var library = null;
    var results = [];
    var shown = 0;
    var run = 0;
    var timer = 0;

    function load() {
      if (!library) {
        library = import(root.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
          // Filters are loaded before the first search: only then does a result carry the counts per value.
          return pagefind.options({ excerptLength: 24 })
            .then(function () { return pagefind.filters(); })
            .then(function () { return pagefind; });
        });
      }
      return library;
    }

    function chosen() {
      var filters = {};
      boxes.forEach(function (box) {
        if (box.checked) (filters[box.name] = filters[box.name] || []).push(box.value);
      });
      return filters;
    }

    function remember(term, filters) {
      var query = new URLSearchParams();
      if (term) query.set("q", term);
      Object.keys(filters).forEach(function (name) {
        filters[name].forEach(function (value) { query.append(name, value); });
      });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    function counts(found) {
      boxes.forEach(function (box) {
        var count = (found[box.name] || {})[box.value] || 0;
        box.parentNode.querySelector("[data-search-count]").textContent = "(" + count + ")";
      });
    }

    function item(data) {
      var li = document.createElement("li");
      li.className = "vw-result";
      var heading = document.createElement("h2");
      heading.className = "vw-result__title";
      var link = document.createElement("a");
      link.className = "vw-result__link";
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      heading.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "vw-result__meta";
      var type = (data.filters.type || [])[0];
      meta.textContent = [type, data.meta.datum].filter(Boolean).join(" · ");
      var excerpt = document.createElement("p");
      excerpt.className = "vw-result__excerpt";
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
      li.appendChild(heading);
      if (meta.textContent) li.appendChild(meta);
      li.appendChild(excerpt);
      return li;
    }

    function showMore(focusFirst) {
      var next = results.slice(shown, shown + PAGE);
      var mine = run;
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
        if (mine !== run) return;
        var first = null;
        pages.forEach(function (data) {
          var li = item(data);
          first = first || li;
          list.appendChild(li);
        });
        shown += pages.length;
        more.hidden = shown >= results.length;
        if (focusFirst && first) first.querySelector("a").focus();
      });
    }

    function search() {
      var term = input.value.trim();
      var filters = chosen();
      var mine = ++run;
      remember(term, filters);
      if (!term && !Object.keys(filters).length) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "";
        return Promise.resolve();
      }
      status.textContent = text("busy", 0, term);
      return load().then(function (pagefind) {
        return pagefind.search(term || null, { filters: filters });
      }).then(function (found) {
        if (mine !== run) return;
        results = found.results;
        shown = 0;
        list.textContent = "";
        counts(found.filters || {});
        var key = results.length === 0 ? "none" : results.length === 1 ? "one" : "many";
        status.textContent = text(key + (term ? "" : "-filtered"), results.length, term);
        return showMore(false);
      }).catch(function () {
        if (mine === run) status.textContent = text("error", 0, term);
      });
    }

    function soon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); search(); });
    input.addEventListener("input", soon);
    input.addEventListener("focus", load, { once: true });
    boxes.forEach(function (box) { box.addEventListener("change", search); });
    more.addEventListener("click", function () { showMore(true); });

    var query = new URLSearchParams(window.location.search);
    input.value = query.get("q") || "";
    boxes.forEach(function (box) { box.checked = query.getAll(box.name).indexOf(box.value) !== -1; });
    search();
  }

  function start() {
    if (!document.documentElement.classList.contains("vw-js")) return;
    document.querySelectorAll('[data-module="vw-search"]').forEach(setUp);
  }

  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
