// Service worker of the portal: the app shell works with no network after
// the first visit.
//
// app/postbuild.mjs fills in VERSION (a hash of every precached file's
// bytes) and PRECACHE (the build's files) and writes this to dist/sw.js.
//
// * Precache: every file of the build, in a cache named after VERSION.
// * Navigations: the cached index.html (cache first), so a repeat visit
//   starts with or without a network.
// * Hashed files (name-<16 hex>…): cache first; they never change.
// * config.json: from the cache when there is one, refreshed in the
//   background (stale-while-revalidate), so the next visit gets the edit.
// * The intake API (/api/…), any other method than GET and any other origin
//   are never touched: no API response is ever cached.
// * Language packs (i18n-<tag>-<hash>.json, PACKS): not precached, so only
//   the languages a traveler reads travel. The page asks the worker to keep
//   each pack it fetched (a `keepPack` message: the first visit's page is
//   not yet controlled by the worker), a pack fetched through the worker is
//   kept too, and a new version brings the new packs of the languages the
//   previous one had kept, so a repeat visit works offline in the
//   traveler's language.
// * Updates: a new version installs beside the old one and activates at
//   once, but a page already open keeps working: the previous version's
//   cache is kept (hashed names never collide), so the new version takes
//   over at the next navigation. Older caches are deleted.
// * Outbox: sealed envelopes waiting in IndexedDB (app/outbox.js, copied in
//   below by postbuild.mjs) are delivered by Background Sync, also when no
//   page of the portal is open. A sync that leaves anything undelivered
//   fails, so the browser tries again later.
'use strict';

/*__OUTBOX__*/

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const PACKS = __PACKS__;
const PACK_FILES = Object.values(PACKS);
const PACK_NAME = /i18n-([A-Za-z-]+)-[0-9a-f]{16}\.json$/;
const PREFIX = 'portal-shell-';
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration.scope);
const INDEX = new URL('index.html', SCOPE).href;
// Trunk's hashes drop leading zeros: 12 to 16 hex digits (see the intake's
// is_hashed_asset).
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // no-cache: revalidate with the server, so a stale HTTP cache entry of
      // index.html or config.json never becomes the precached copy.
      await cache.addAll(PRECACHE.map((p) => new Request(new URL(p, SCOPE), { cache: 'no-cache' })));
      // The languages the previous versions kept, in this version's packs.
      const kept = new Set();
      for (const name of (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE)) {
        for (const request of await (await caches.open(name)).keys()) {
          const tag = PACK_NAME.exec(new URL(request.url).pathname)?.[1];
          if (tag && PACKS[tag]) kept.add(PACKS[tag]);
        }
      }
      await Promise.all([...kept].map((f) => cache.add(new URL(f, SCOPE)).catch(() => {})));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
      // Keep the newest previous version (pages still open may use it).
      const meta = await Promise.all(
        names.map(async (n) => {
          const c = await caches.open(n);
          const r = await c.match(INDEX);
          const date = r ? Date.parse(r.headers.get('date') || '') || 0 : 0;
          return { n, date };
        }),
      );
      meta.sort((a, b) => b.date - a.date);
      await Promise.all(meta.slice(1).map(({ n }) => caches.delete(n)));
    })(),
  );
});

async function fromCache(request) {
  const own = await caches.open(CACHE);
  return (await own.match(request, { ignoreSearch: true })) || caches.match(request, { ignoreSearch: true });
}

async function cacheFirst(request) {
  const hit = await fromCache(request);
  if (hit) return hit;
  return fetch(request);
}

/** A language pack: from the cache, else fetched and kept. */
async function pack(request) {
  const hit = await fromCache(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const hit = await fromCache(request);
  const refresh = fetch(request, { cache: 'no-cache' })
    .then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (hit) {
    event.waitUntil(refresh);
    return hit;
  }
  const fresh = await refresh;
  return fresh || Response.error();
}

async function navigation(request) {
  const hit = await fromCache(INDEX);
  if (hit) return hit;
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  if (url.pathname.startsWith(SCOPE.pathname + 'api/') || url.pathname === SCOPE.pathname + 'healthz') return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname === SCOPE.pathname + 'config.json') {
    event.respondWith(staleWhileRevalidate(event));
  } else if (PACK_FILES.includes(url.pathname.slice(SCOPE.pathname.length))) {
    event.respondWith(pack(request));
  } else if (HASHED.test(url.pathname) || PRECACHE.includes(url.pathname.slice(SCOPE.pathname.length))) {
    event.respondWith(cacheFirst(request));
  }
});

// The page fetched a language pack (before this worker controlled it):
// keep it, for offline visits in that language.
self.addEventListener('message', (event) => {
  const file = event.data?.keepPack;
  if (typeof file !== 'string' || !PACK_FILES.includes(file)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const url = new URL(file, SCOPE);
      if (!(await cache.match(url))) await cache.add(url);
    })().catch(() => {}),
  );
});

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const results = await flush();
      if (results.some((r) => r.outcome === 'retry' || r.outcome === 'busy')) {
        throw new Error('outbox: not everything was delivered');
      }
    })(),
  );
});
