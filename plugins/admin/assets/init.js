/* The web editor (plugins/admin): cms.js starts Decap CMS once our formats are registered. */
window.CMS_MANUAL_INIT = true;
