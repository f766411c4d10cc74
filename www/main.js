// Boots the UI wasm. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts entirely.
import init from "./pkg/refscope_app.js";

init().catch((e) => {
  const app = document.getElementById("app");
  app.textContent = "refscope could not start: " + (e && e.message ? e.message : e);
});
