// refscope's service worker: after one visit, the playground works with the network off.
//
// Network first, the cache as the fallback: online, a new build is used at once (no stale
// version to invalidate); offline, everything fetched before is served from the cache.
// Installing caches the shell, the UI and the core engine, and every lesson, so the first
// visit is enough even if it ended before the page fetched them all. The full engine
// (pkg/full/) is cached the first time a program needs it.
const CACHE = "refscope";

const SHELL = [
  "./",
  "index.html",
  "style.css",
  "main.js",
  "editor.js",
  "worker.js",
  "favicon.svg",
  "pkg/refscope_app.js",
  "pkg/refscope_app_bg.wasm",
  "pkg/refscope_worker.js",
  "pkg/refscope_worker_bg.wasm",
  "lessons/index.json",
];

async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const index = await (await cache.match("lessons/index.json")).json();
  await cache.addAll((index.files || []).map((f) => `lessons/${f}`));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

// No clients.claim(): a page that loaded without the worker stays without it until its
// next load. Taking over a page mid-load left a module script's request hanging in
// Chromium now and then (the browser tests caught it about one load in ten).

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      // Offline: the cached copy. The query (?embed, ?steps=…) does not change the file.
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())),
  );
});
