// Small formatters shared by the video admin components (server and client).

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ss = sec.toFixed(sec < 10 ? 2 : 1).padStart(h || m ? 5 : 1, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : m ? `${m}:${ss}` : `${ss} s`;
}

export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const STATUS_STYLE: Record<string, string> = {
  uploaded: "bg-slate-100 text-slate-700",
  queued: "bg-slate-100 text-slate-700",
  processing: "bg-amber-100 text-amber-800",
  running: "bg-amber-100 text-amber-800",
  ready: "bg-green-100 text-green-800",
  succeeded: "bg-green-100 text-green-800",
  failed: "bg-red-100 text-red-800",
  canceled: "bg-slate-200 text-slate-600",
};

export function statusClass(status: string): string {
  return `inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? "bg-slate-100 text-slate-700"}`;
}
