// Fits each refscope iframe on this page to the height it reports. Only messages from one
// of this page's iframes, of the expected shape, are used.
window.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "refscope:height" || typeof data.height !== "number") return;
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.max(200, Math.min(4000, Math.round(data.height)))}px`;
    }
  }
});
