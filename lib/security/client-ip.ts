// The client's IP: the socket's peer unless `hops` reverse proxies are trusted, each of which appends
// the address it saw to X-Forwarded-For. Values a client wrote itself sit further left and are ignored.
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const peer = normalize(socketAddress) || "local";
  if (hops <= 0) return peer;
  const raw = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [...raw.split(",").map((s) => normalize(s)).filter(Boolean), peer];
  // The last `hops` entries were written by trusted proxies; the one before them is the client.
  return chain[Math.max(0, chain.length - 1 - hops)] ?? peer;
}

function normalize(addr: string | undefined): string {
  const a = (addr ?? "").trim();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}
