import { describe, expect, it } from "vitest";
import { zodDetails } from "@/lib/api/errors";
import { clickBodySchema } from "@/lib/clicks/schemas";

const good = { x: 10, y: 20, timestamp: 1.5, videoId: "dQw4w9WgXcQ" };
const details = (body: unknown) => {
  const r = clickBodySchema.safeParse(body);
  if (r.success) throw new Error("expected a validation error");
  return zodDetails(r.error);
};

describe("validation details through unions (one click or a batch)", () => {
  it("names the field of a single click instead of the union's 'Invalid input'", () => {
    expect(details({ ...good, x: -1 })).toEqual([{ path: "x", message: expect.stringMatching(/>=0|too small/i) }]);
    expect(details({ ...good, timestamp: "soon" })).toEqual([{ path: "timestamp", message: expect.stringMatching(/number/i) }]);
    expect(details({ ...good, extra: 1 })).toEqual([{ path: "", message: expect.stringMatching(/extra/) }]);
  });

  it("names the element and field in a batch, and the size of a batch", () => {
    expect(details([good, { ...good, videoId: "" }])).toEqual([{ path: "1.videoId", message: expect.stringMatching(/>=1|too small/i) }]);
    expect(details(Array.from({ length: 51 }, () => good))).toEqual([{ path: "", message: expect.stringMatching(/<=50|too big/i) }]);
  });

  it("keeps 'Invalid input' where the value fits no branch at all", () => {
    expect(details("a click")).toEqual([{ path: "", message: "Invalid input" }]);
    expect(details(null)).toEqual([{ path: "", message: "Invalid input" }]);
  });
});
