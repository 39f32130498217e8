// Marks the page as JavaScript-capable; components enhance only after this.
document.documentElement.classList.add("vw-js");
