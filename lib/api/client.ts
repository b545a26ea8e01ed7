// Browser-side helper: calls our JSON API and turns the error shape into a message for people.
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; details?: unknown };

export async function callApi<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResult<T>> {
  const { json, ...rest } = init;
  try {
    const res = await fetch(url, {
      ...rest,
      headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
    const text = await res.text();
    const body: unknown = text ? JSON.parse(text) : null;
    if (res.ok) return { ok: true, data: body as T };
    const err = (body as { error?: { message?: string; details?: { path: string; message: string }[] } } | null)?.error;
    const detail = Array.isArray(err?.details) && err.details[0] ? `: ${err.details[0].path} — ${err.details[0].message}` : "";
    return { ok: false, status: res.status, message: (err?.message ?? `Request failed (${res.status})`) + detail, details: err?.details };
  } catch {
    return { ok: false, status: 0, message: "Could not reach the server. Check your connection and try again." };
  }
}
