import type { ReactNode } from "react";

export type Fact = [label: string, value: ReactNode];

/** Label/value pairs as a two-column description list. */
export function FactList({ facts, className = "gap-x-6 gap-y-2", testId }: { facts: Fact[]; className?: string; testId?: string }) {
  return (
    <dl className={`grid grid-cols-[max-content_1fr] text-sm ${className}`} data-testid={testId}>
      {facts.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
