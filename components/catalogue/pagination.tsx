import Link from "next/link";

/** Previous/next links that keep the other query parameters. */
export function Pagination(props: { basePath: string; params: Record<string, string | undefined>; page: number; pageCount: number }) {
  if (props.pageCount <= 1) return null;
  const href = (page: number) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(props.params)) if (v) sp.set(k, v);
    if (page > 1) sp.set("page", String(page));
    const qs = sp.toString();
    return qs ? `${props.basePath}?${qs}` : props.basePath;
  };
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm">
      {props.page > 1 ? (
        <Link className="btn-secondary" href={href(props.page - 1)} rel="prev">← Previous</Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">Page {props.page} of {props.pageCount}</span>
      {props.page < props.pageCount ? (
        <Link className="btn-secondary" href={href(props.page + 1)} rel="next">Next →</Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
