import { describe, expect, it } from "vitest";
import { duplicatesOfKept } from "@/lib/analysis/relink";

// A re-run must not store a second track for an object an admin already owns (manual or edited).

const track = (label: string, x: number, from: number, to: number) => ({
  label,
  firstMs: from,
  lastMs: to,
  boxes: [from, (from + to) / 2, to].map((ptsMs) => ({ ptsMs, box: [x, 50, 100, 100] as [number, number, number, number] })),
});

describe("duplicatesOfKept", () => {
  it("names new tracks of a kept track's object, whatever class the admin gave it", () => {
    const kept = [track("cat", 100, 0, 1000)]; // the admin corrected "giraffe" to "cat"
    const fresh = [track("giraffe", 102, 0, 1000), track("giraffe", 400, 0, 1000), track("dog", 100, 2000, 3000)];
    expect(duplicatesOfKept(kept, fresh)).toEqual([0]);
  });

  it("also names a fragment lying inside the kept track, and nothing when nothing is kept", () => {
    const kept = [track("person", 100, 0, 1000)];
    const fresh = [track("person", 100, 0, 500), track("person", 101, 520, 1000)];
    expect(duplicatesOfKept(kept, fresh)).toEqual([0, 1]);
    expect(duplicatesOfKept([], fresh)).toEqual([]);
  });
});
