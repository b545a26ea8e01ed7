// The video id of a YouTube page, as the original system took it from the watch URL: `v`, plus
// `&list=…&index=…` when the page is part of a playlist. Watch pages on www. and m., `/shorts/<id>`,
// `/embed/<id>` (also youtube-nocookie, inside other sites' iframes) and `/live/<id>`. The server
// canonicalises every form (lib/videos/youtube-id.ts). Plain ES module (no build step).

// An 11-character YouTube id, or a Framecart local id (1–64 of the same characters) on a self-hosted page.
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LIST = /^[A-Za-z0-9_-]{2,64}$/;
const PATH_FORMS = ["shorts", "embed", "live"];

/**
 * @param {string} href a page URL, e.g. https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL…&index=3
 * @returns {string | null} null when the URL is not a page that shows one video with a usable id
 */
export function videoIdFromUrl(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const parts = url.pathname.split("/").filter(Boolean);
  let v = null;
  if (parts[0] === "watch" && parts.length === 1) v = url.searchParams.get("v");
  else if (parts.length === 2 && PATH_FORMS.includes(parts[0])) v = parts[1];
  if (!v || !ID.test(v)) return null;
  let id = v;
  const list = url.searchParams.get("list");
  if (list && LIST.test(list)) {
    id += `&list=${list}`;
    const index = url.searchParams.get("index");
    if (index && /^\d{1,6}$/.test(index)) id += `&index=${index}`;
  }
  return id;
}
