import Link from "next/link";
import { MAX_BATCH } from "@/lib/clicks/schemas";
import { buildOpenApiDocument, CLICK_EXAMPLES } from "@/lib/openapi/document";

export const metadata = { title: "API" };

type FieldSchema = { description?: string; type?: string | string[] };

// The field list comes from the same document /api/openapi.json serves (itself built from the zod schemas).
function clickFields() {
  const click = buildOpenApiDocument().components.schemas.Click as { properties?: Record<string, FieldSchema>; required?: string[] };
  return Object.entries(click.properties ?? {}).map(([name, s]) => ({
    name,
    type: Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? ""),
    required: click.required?.includes(name) ?? false,
    description: s.description ?? "",
  }));
}

const single = JSON.stringify(CLICK_EXAMPLES.single.value, null, 2).replace(/\n/g, "\n  ");
const CURL = `FRAMECART=http://localhost:3000      # your server
TOKEN=fc_...                         # from /account

curl -sS "$FRAMECART/api/clicks" \\
  -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '${single}'`;

const ANSWER = `{
  "clickId": 1042,
  "status": "matched",
  "frameIndex": 151,
  "ptsMs": 5033.3,
  "match": { "trackId": 7, "label": "person", "box": [380, 96, 220, 540],
             "frameIndex": 151, "ptsMs": 5033.3, "confidence": 0.93 },
  "products": [{ "id": 3, "name": "Rain jacket", "priceCents": 8900, "currency": "EUR",
                 "imageUrl": "/api/products/3/image", "url": "/products/3", "inStock": true }]
}`;

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]";
const pre = "overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100";

export default function DocsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">API</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The browser extension sends each click on a video to Framecart; the server finds the frame that was on screen, the object under the
          pointer and its product, and answers at once. The full reference is the OpenAPI 3.1 document at{" "}
          <a className="font-medium text-brand-600 hover:underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          (load it in any OpenAPI viewer or client generator).
        </p>
      </div>

      <section className="card space-y-3 p-6" aria-labelledby="token-h">
        <h2 id="token-h" className="text-lg font-semibold">1. Create an API token</h2>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>
            Sign in and open{" "}
            <Link className="font-medium text-brand-600 hover:underline" href="/account">
              your account
            </Link>
            .
          </li>
          <li>
            Under <em>Extension API tokens</em>, name the token (e.g. “Chrome on my laptop”) and create it. It starts with <code className={code}>fc_</code>{" "}
            and is shown once — only its hash is stored. Copy it now.
          </li>
          <li>Revoke it on the same page whenever you like; it stops working at once.</li>
        </ol>
        <p className="text-sm text-slate-600">
          Tokens are created from a signed-in session only (<code className={code}>POST /api/tokens</code>); a request made with a token cannot create
          another.
        </p>
      </section>

      <section className="card space-y-3 p-6" aria-labelledby="ext-h">
        <h2 id="ext-h" className="text-lg font-semibold">2. Set up the extension</h2>
        <p className="text-sm text-slate-700">
          Load <code className={code}>extension/</code> unpacked in Chrome, open its options and enter the server URL and the token. On a YouTube
          watch page it listens for clicks on the video picture (not the controls, not ads), reads the player&apos;s <code className={code}>currentTime</code>{" "}
          and the video id, and its service worker sends <code className={code}>POST /api/clicks</code> with <code className={code}>Authorization: Bearer …</code>.
          The answer shows as a small card over the player. Without a token clicks are sent anonymously with a random device id, and kept for a limited
          number of days. Nothing is sent while the extension is switched off.
        </p>
      </section>

      <section className="card space-y-3 p-6" aria-labelledby="click-h">
        <h2 id="click-h" className="text-lg font-semibold">3. Send a click</h2>
        <pre className={pre}>{CURL}</pre>
        <p className="text-sm text-slate-700">
          The answer (<code className={code}>201</code>; the click is committed before it is sent). <code className={code}>status</code> is{" "}
          <code className={code}>matched</code>, <code className={code}>no_match</code>, <code className={code}>pending</code> (video not analysed yet) or{" "}
          <code className={code}>outside</code> (a click on the black bars):
        </p>
        <pre className={pre}>{ANSWER}</pre>
        <p className="text-sm text-slate-700">
          Send an array of up to {MAX_BATCH} clicks to get <code className={code}>{"{ \"results\": [...] }"}</code> in the same order. Pending clicks
          are matched when the video&apos;s analysis finishes.
        </p>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {clickFields().map((f) => (
              <tr key={f.name}>
                <td className="font-mono text-xs">{f.name}</td>
                <td className="text-xs text-slate-600">{f.type}</td>
                <td className="text-xs">{f.required ? "yes" : ""}</td>
                <td className="text-slate-700">{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card space-y-3 p-6" aria-labelledby="err-h">
        <h2 id="err-h" className="text-lg font-semibold">Errors</h2>
        <p className="text-sm text-slate-700">
          Every error has one shape: <code className={code}>{"{ \"error\": { \"code\": \"validation_failed\", \"message\": \"…\", \"details\": [{ \"path\": \"x\", \"message\": \"…\" }] } }"}</code>.
          400 malformed JSON · 401 missing or revoked token · 413 body too large · 422 invalid or unknown fields · 429 too many requests (see{" "}
          <code className={code}>Retry-After</code>).
        </p>
      </section>
    </div>
  );
}
