/* The web editor at /admin/ (plugins/admin): starts Decap CMS with our formats and preview.
 *
 * init.js stops Decap from starting by itself; this script reads config.yml (generated
 * from the content schema at every build), registers a format per collection
 * (formats.js), the site's own stylesheet and item layout for the preview pane, and
 * a check before saving (an image needs its alt text), then starts the CMS.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var stylesheet = script && script.getAttribute("data-stylesheet");
  var PREFIX = "vw-";

  function fail(message) {
    var box = document.createElement("p");
    box.className = "vw-admin-error";
    box.textContent = message;
    document.body.appendChild(box);
  }

  function dataKeys(collection) {
    var list = collection.files[0].fields[0];
    return (list.fields || []).map(function (field) {
      return field.name;
    });
  }

  function registerFormats(config) {
    config.collections.forEach(function (collection) {
      if (!collection.format || collection.format.indexOf(PREFIX) !== 0) {
        return;
      }
      var format = collection.files ?
        VWFormats.dataFormat(window.jsyaml, dataKeys(collection)) :
        VWFormats.headerFormat(collection.fields);
      CMS.registerCustomFormat(collection.format, collection.extension, format);
    });
  }

  // The preview pane shows an item as the site does: its classes, with the site's stylesheet.
  function itemPreview(type) {
    return function ItemPreview(props) {
      var h = window.h;
      var data = props.entry.get("data");
      var image = data.get("image");
      var asset = image ? props.getAsset(image) : null;
      return h("div", {className: "vw-main"},
        h("div", {className: "vw-width-container"},
          h("article", {className: "vw-item vw-item--" + type},
            h("header", {className: "vw-item__header"},
              h("h1", {className: "vw-item__title"}, data.get("title") || "")),
            data.get("summary") ? h("div", {className: "vw-item__lead"}, h("p", null, data.get("summary"))) : null,
            asset ? h("figure", {className: "vw-figure vw-item__image"},
              h("img", {src: asset.toString(), alt: data.get("image_alt") || ""}),
              data.get("image_credit") ? h("figcaption", {className: "vw-figure__credit"},
                data.get("image_credit")) : null) : null,
            h("div", {className: "vw-prose"}, props.widgetFor("body")))));
    };
  }

  function registerPreviews(config) {
    if (stylesheet) {
      CMS.registerPreviewStyle(stylesheet);
    }
    config.collections.forEach(function (collection) {
      if (collection.folder) {
        CMS.registerPreviewTemplate(collection.name, itemPreview(collection.label_singular.toLowerCase()));
      }
    });
  }

  // What the build would refuse is refused before saving, in the team's words.
  function checkBeforeSaving(event) {
    var data = event.entry.get("data");
    var image = data.get("image");
    var alt = data.get("image_alt");
    if (image && !(alt && String(alt).trim())) {
      throw new Error("Beschrijf het beeld in 'Wat het beeld toont (alt-tekst)', bijvoorbeeld: " +
        "Vrijwilligers delen soep uit. Zonder die beschrijving kan het niet bewaard worden.");
    }
    return undefined;
  }

  // The local backend of `make edit` must be running: without it, say so instead of failing later.
  function localBackendRuns(config) {
    if (config.backend.name !== "proxy") {
      return Promise.resolve(config);
    }
    return fetch(config.backend.proxy_url, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({action: "info"})
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return config;
    }).catch(function () {
      throw new Error("de lokale opslag van de webeditor draait niet. Start de webeditor met 'make edit' " +
        "in de map van de site, en open dan opnieuw deze pagina");
    });
  }

  fetch("config.yml", {cache: "no-store"}).then(function (response) {
    if (!response.ok) {
      throw new Error("config.yml ontbreekt (" + response.status + "); bouw de site opnieuw");
    }
    return response.text();
  }).then(function (text) {
    return localBackendRuns(window.jsyaml.load(text));
  }).then(function (config) {
    config.load_config_file = false;
    registerFormats(config);
    registerPreviews(config);
    CMS.registerEventListener({name: "preSave", handler: checkBeforeSaving});
    CMS.init({config: config});
  }).catch(function (error) {
    fail("De webeditor kon niet starten: " + error.message + ".");
  });
})();
