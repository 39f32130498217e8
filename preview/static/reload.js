// Preview only (served by preview/server.py, never published): reload this page when the
// build has changed it, or when the content has problems or they are fixed.
(function () {
  "use strict";
  var here = location.pathname;
  function affected(paths) {
    var file = here.replace(/\/$/, "/index.html").replace(/^\//, "");
    return paths.indexOf(file) !== -1;
  }
  var source = new EventSource("/__preview/events");
  source.addEventListener("build", function (event) {
    var build = JSON.parse(event.data);
    if (build.everything || build.problems !== (document.documentElement.dataset.previewProblems === "true") ||
        affected(build.changed)) {
      location.reload();
    }
  });
})();
