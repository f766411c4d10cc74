// refscope's service worker: after one visit, the playground works with the network off.
//
// Online, requests go to the network untouched; offline, the cached copy answers.
// Installing caches the shell, the UI, the core engine and every lesson. The site build
// (xtask/src/site.rs) stamps CACHE with a hash of the built site, so a new build installs a
// new worker, which caches the new files and deletes the old cache. The full engine
// (pkg/full/) is cached the first time a program fetches it.
const CACHE = "refscope-BUILD";

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

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) =>
    Promise.all(names.filter((n) => n.startsWith("refscope") && n !== CACHE).map((n) => caches.delete(n)))));
});

// No clients.claim(): a page that loaded without the worker stays without it until its
// next load. Taking over a page mid-load left a module script's request hanging in
// Chromium now and then (the browser tests caught it about one load in ten).

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // Only the full engine is copied as it streams past (the rest was cached at install):
  // teeing every response into the cache is work the page does not need online.
  const keep = new URL(request.url).pathname.includes("/pkg/full/");
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (keep && response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      // Offline: the cached copy. The query (?embed, ?steps=…) does not change the file.
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())),
  );
});
