// The video id as the original system took it from the watch URL: `v`, plus `&list=…&index=…`
// when the page is part of a playlist. Plain ES module (no build step).

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * @param {string} href a page URL, e.g. https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL…&index=3
 * @returns {string | null} null when the URL is not a watch page with a usable `v`
 */
export function videoIdFromUrl(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/\/watch\/?$/.test(url.pathname)) return null;
  const v = url.searchParams.get("v");
  if (!v || !ID.test(v)) return null;
  let id = v;
  const list = url.searchParams.get("list");
  if (list && ID.test(list)) {
    id += `&list=${list}`;
    const index = url.searchParams.get("index");
    if (index && /^\d{1,6}$/.test(index)) id += `&index=${index}`;
  }
  return id;
}
