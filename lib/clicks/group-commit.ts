import { insertClicks, type NewClick } from "@/db/queries/clicks";

// Group commit: requests that arrive while inserts are in flight are written together in one
// multi-row INSERT when a slot frees up. A lone request is written at once (no added wait), and every
// caller still gets its ids only after its rows are committed.
const MAX_IN_FLIGHT = 4;
const MAX_ROWS = 1000;

type Waiter = { rows: NewClick[]; resolve: (ids: number[]) => void; reject: (e: unknown) => void };
let queue: Waiter[] = [];
let inFlight = 0;

/** Inserts these rows (possibly together with other callers'); resolves with their ids in order. */
export function commitClicks(rows: NewClick[]): Promise<number[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    queue.push({ rows, resolve, reject });
    pump();
  });
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    let n = 0;
    let take = 0;
    while (take < queue.length && (take === 0 || n + (queue[take]?.rows.length ?? 0) <= MAX_ROWS)) n += queue[take++]?.rows.length ?? 0;
    const batch = queue.slice(0, take);
    queue = queue.slice(take);
    inFlight++;
    void flush(batch).finally(() => {
      inFlight--;
      pump();
    });
  }
}

async function flush(batch: Waiter[]): Promise<void> {
  try {
    // Ids come from one sequence in VALUES order within a statement, so sorted ids line up with rows.
    const ids = (await insertClicks(batch.flatMap((w) => w.rows))).sort((a, b) => a - b);
    let at = 0;
    for (const w of batch) {
      w.resolve(ids.slice(at, at + w.rows.length));
      at += w.rows.length;
    }
  } catch (e) {
    if (batch.length === 1) return batch[0]?.reject(e);
    // One caller's bad row must not fail the others: retry each on its own.
    await Promise.all(batch.map((w) => insertClicks(w.rows).then(w.resolve, w.reject)));
  }
}
