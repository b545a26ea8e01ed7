import Link from "next/link";
import { labelColor } from "@/components/studio/colors";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { formatPrice } from "@/lib/catalogue/format";
import type { ClickInspection } from "@/lib/clicks/inspect";

const VERDICT_STYLE: Record<ClickInspection["verdict"]["kind"], string> = {
  inside: "border-green-300 bg-green-50 text-green-900",
  near: "border-amber-300 bg-amber-50 text-amber-900",
  no_match: "border-slate-300 bg-slate-50 text-slate-800",
  outside: "border-slate-300 bg-slate-50 text-slate-800",
  pending: "border-slate-300 bg-slate-50 text-slate-800",
};

const px = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? "—" : n.toFixed(digits));

/** A stored click over the exact frame it was matched on: the point, the matched box, the other boxes, the facts. */
export function ClickHighlight({ data, videoId }: { data: ClickInspection; videoId: number }) {
  const { click: c, width: W, height: H, matched } = data;
  const r = Math.max(W, H) / 64; // marker radius in video pixels
  const point = c.x !== null && c.y !== null ? { x: c.x, y: c.y } : null;
  const facts: Fact[] = [
    ["Sent", new Date(c.createdAt).toUTCString()],
    ["Video time", `${c.timestampS.toFixed(3)} s (the player's currentTime)`],
    ["Frame on screen", c.frameIndex !== null ? `#${c.frameIndex}, shown from ${px(c.ptsMs, 3)} ms` : `not matched yet; showing the frame at ${data.frameAtMs.toFixed(3)} ms`],
    ["Point (video px)", point ? `${px(point.x)}, ${px(point.y)} in ${W}×${H}` : "—"],
    [
      "Point as sent",
      c.playerWidth !== null
        ? `${px(c.rawX)}, ${px(c.rawY)} in a ${px(c.playerWidth, 0)}×${px(c.playerHeight, 0)} player${c.videoWidth ? ` showing ${c.videoWidth}×${c.videoHeight}` : ""}`
        : `${px(c.rawX)}, ${px(c.rawY)} (video pixels, no player size)`,
    ],
    ["Result", `${c.matchState.replace("_", " ")}${c.confidence !== null ? ` · confidence ${c.confidence.toFixed(3)}` : ""}`],
    [
      "Track",
      matched ? (
        <Link key="t" href={`/admin/videos/${videoId}/studio`} className="text-brand-600 underline-offset-2 hover:underline">
          {matched.label} #{matched.trackId}
        </Link>
      ) : (
        "—"
      ),
    ],
    [
      "Product answered",
      data.product ? (
        <Link key="p" href={`/admin/products/${data.product.id}`} className="text-brand-600 underline-offset-2 hover:underline">
          {data.product.name} · {data.product.sku} · {formatPrice(data.product.priceCents, data.product.currency)}
          {data.product.active ? "" : " (inactive)"}
        </Link>
      ) : (
        "none"
      ),
    ],
    ["User", c.userId !== null ? `${data.userEmail ?? "deleted user"} (#${c.userId})` : "anonymous"],
    ["API token", data.token ? `${data.token.name} (${data.token.prefix}…)` : c.tokenId !== null ? `#${c.tokenId}` : "none (browser session or anonymous device)"],
    ["Device id", c.deviceId ? <span key="d" className="font-mono">{c.deviceId}</span> : "—"],
    ["IP", <span key="ip" className="font-mono">{c.ip}</span>],
  ];

  return (
    <section aria-labelledby="click-h" className="card space-y-4 p-6" data-testid="click-highlight" data-click-id={c.id}>
      <h2 id="click-h" className="text-lg font-semibold">Click #{c.id}</h2>
      <p className={`rounded border px-3 py-2 text-sm ${VERDICT_STYLE[data.verdict.kind]}`} data-testid="click-verdict" data-kind={data.verdict.kind}>
        {data.verdict.text}
        {matched && !matched.box && " Its box on this frame is no longer stored (the track was edited since)."}
      </p>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        {W > 0 && H > 0 ? (
          <figure className="space-y-1">
            <div className="relative w-full overflow-hidden rounded bg-black" style={{ aspectRatio: `${W} / ${H}` }}>
              {/* eslint-disable-next-line @next/next/no-img-element -- the exact frame from our own route */}
              <img src={data.frameUrl} alt={`Frame ${c.frameIndex ?? ""} of the video, on screen at the click`} className="absolute inset-0 h-full w-full" data-testid="click-frame" />
              <svg viewBox={`0 0 ${W} ${H}`} className="absolute inset-0 h-full w-full overflow-visible" role="img" aria-label="The click and the boxes on this frame">
                {data.others.map((b) => (
                  <rect key={b.trackId} x={b.box[0]} y={b.box[1]} width={b.box[2]} height={b.box[3]} fill="none" stroke="white" strokeOpacity={0.7} strokeWidth={1.5} strokeDasharray="6 4" vectorEffect="non-scaling-stroke" data-track-id={b.trackId} />
                ))}
                {matched?.box && (
                  <g data-testid="click-track-box" data-track-id={matched.trackId} data-label={matched.label} data-box={JSON.stringify(matched.box)}>
                    <rect x={matched.box[0]} y={matched.box[1]} width={matched.box[2]} height={matched.box[3]} fill="rgba(255,255,255,0.1)" stroke={labelColor(matched.label)} strokeWidth={3} vectorEffect="non-scaling-stroke" />
                    <text x={matched.box[0] + 4} y={Math.max(r * 2, matched.box[1] - r / 2)} fill="white" stroke="black" strokeWidth={r / 3} paintOrder="stroke" fontSize={r * 2} fontWeight={600}>
                      {matched.label} #{matched.trackId}
                    </text>
                  </g>
                )}
                {point && (
                  <g data-testid="click-marker" data-x={point.x} data-y={point.y}>
                    <circle cx={point.x} cy={point.y} r={r} fill="rgba(239,68,68,0.35)" stroke="white" strokeWidth={3} vectorEffect="non-scaling-stroke" />
                    <circle cx={point.x} cy={point.y} r={r * 1.5} fill="none" stroke="#ef4444" strokeWidth={2} vectorEffect="non-scaling-stroke" />
                    <line x1={point.x - 2 * r} y1={point.y} x2={point.x + 2 * r} y2={point.y} stroke="#ef4444" strokeWidth={2} vectorEffect="non-scaling-stroke" />
                    <line x1={point.x} y1={point.y - 2 * r} x2={point.x} y2={point.y + 2 * r} stroke="#ef4444" strokeWidth={2} vectorEffect="non-scaling-stroke" />
                  </g>
                )}
              </svg>
            </div>
            <figcaption className="text-xs text-slate-600">
              The exact frame on screen at {data.frameAtMs.toFixed(3)} ms; red: the click; solid box: the matched track as stored now; dashed: the other tracks on this frame.
            </figcaption>
          </figure>
        ) : (
          <p className="text-sm text-slate-500">The video has not been probed yet, so there is no frame to show.</p>
        )}
        <FactList facts={facts} className="h-fit gap-x-4 gap-y-1.5" testId="click-facts" />
      </div>
    </section>
  );
}
