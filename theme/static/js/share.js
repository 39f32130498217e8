// Share component (components/share.html): adds the device's share sheet where
// navigator.share exists, and turns the Mastodon "copy this address" fallback into a
// form that opens https://<the reader's own server>/share. Nothing is loaded from elsewhere.
(function () {
  "use strict";
  if (!document.documentElement.classList.contains("vw-js")) return;

  // "mastodon.social", "https://mastodon.social/", "@ik@mastodon.social" -> "mastodon.social"
  function serverName(input) {
    var text = input.trim().toLowerCase().replace(/^[a-z]+:\/\//, "");
    text = text.split(/[/?#]/)[0];
    if (text.indexOf("@") !== -1) text = text.slice(text.lastIndexOf("@") + 1);
    return /^([a-z0-9-]+\.)+[a-z]{2,}(:\d{1,5})?$/.test(text) ? text : "";
  }

  function setup(element) {
    var data = element.dataset;
    if (navigator.share) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "vw-button vw-share__native";
      button.textContent = data.shareNative;
      button.addEventListener("click", function () {
        navigator.share({ title: data.shareTitle, url: data.shareUrl }).catch(function () {});
      });
      var item = document.createElement("li");
      item.className = "vw-share__item";
      item.appendChild(button);
      var list = element.querySelector(".vw-share__list");
      list.insertBefore(item, list.firstChild);
    }

    var form = element.querySelector("[data-share-mastodon-form]");
    var copy = element.querySelector("[data-share-mastodon-copy]");
    if (!form) return;
    var field = form.querySelector("input");
    var error = form.querySelector(".vw-share__error");
    form.hidden = false;
    if (copy) copy.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var server = serverName(field.value);
      if (!server) {
        error.textContent = form.dataset.shareInvalid;
        field.setAttribute("aria-invalid", "true");
        field.focus();
        return;
      }
      error.textContent = "";
      field.removeAttribute("aria-invalid");
      window.location.assign("https://" + server + "/share?text=" + encodeURIComponent(form.dataset.shareText));
    });
  }

  var elements = document.querySelectorAll('[data-module="vw-share"]');
  for (var i = 0; i < elements.length; i++) setup(elements[i]);
})();
