// Marks the page as JavaScript-capable; components enhance only after this.
document.documentElement.classList.add("vw-js");
// The menu (a <details>, opens without JavaScript): Escape closes it and gives its button the focus.
document.addEventListener("keydown", function (event) {
  var menu = event.key === "Escape" && document.querySelector(".vw-menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
