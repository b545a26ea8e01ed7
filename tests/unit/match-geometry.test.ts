import { describe, expect, it } from "vitest";
import { containRect, mapPlayerToVideo, mapVideoBoxToPlayer } from "@/lib/match/geometry";

describe("mapPlayerToVideo", () => {
  it("letterbox: a 16:9 video in a 4:3 player has bars top and bottom", () => {
    // 640×360 in 800×600: scale 1.25, picture 800×450 at y = 75.
    expect(containRect(800, 600, 640, 360)).toEqual({ x: 0, y: 75, width: 800, height: 450, scale: 1.25 });
    expect(mapPlayerToVideo({ x: 400, y: 300, playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 })).toEqual({ x: 320, y: 180, outside: false });
    expect(mapPlayerToVideo({ x: 0, y: 75, playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 })).toEqual({ x: 0, y: 0, outside: false });
    expect(mapPlayerToVideo({ x: 800, y: 525, playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 })).toEqual({ x: 640, y: 360, outside: false });
  });

  it("pillarbox: a portrait video in a wide player has bars left and right", () => {
    // 360×640 in 1280×720: scale 1.125, picture 405×720 at x = 437.5.
    const p = { playerWidth: 1280, playerHeight: 720, videoWidth: 360, videoHeight: 640 };
    expect(mapPlayerToVideo({ ...p, x: 640, y: 360 })).toEqual({ x: 180, y: 320, outside: false });
    expect(mapPlayerToVideo({ ...p, x: 437.5, y: 0 })).toEqual({ x: 0, y: 0, outside: false });
    const m = mapPlayerToVideo({ ...p, x: 437.5 + 112.5, y: 225 });
    expect(m.x).toBeCloseTo(100);
    expect(m.y).toBeCloseTo(200);
  });

  it("flags points in the black bars as outside", () => {
    const lb = { playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 };
    expect(mapPlayerToVideo({ ...lb, x: 400, y: 50 }).outside).toBe(true);
    expect(mapPlayerToVideo({ ...lb, x: 400, y: 560 }).outside).toBe(true);
    const pb = { playerWidth: 1280, playerHeight: 720, videoWidth: 360, videoHeight: 640 };
    expect(mapPlayerToVideo({ ...pb, x: 100, y: 360 }).outside).toBe(true);
    expect(mapPlayerToVideo({ ...pb, x: 1200, y: 360 }).outside).toBe(true);
    expect(mapPlayerToVideo({ ...pb, x: 437, y: 360 }).outside).toBe(true);
  });

  it("same aspect: no bars, a plain scale", () => {
    expect(mapPlayerToVideo({ x: 640, y: 360, playerWidth: 1280, playerHeight: 720, videoWidth: 640, videoHeight: 360 })).toEqual({ x: 320, y: 180, outside: false });
  });

  it("without a player size the point is already in video pixels", () => {
    expect(mapPlayerToVideo({ x: 12, y: 34 })).toEqual({ x: 12, y: 34, outside: false });
    expect(mapPlayerToVideo({ x: 700, y: 34, videoWidth: 640, videoHeight: 360 }).outside).toBe(true);
    expect(mapPlayerToVideo({ x: -1, y: 34 }).outside).toBe(true);
  });

  it("refuses half a player size or a player point without the video size", () => {
    expect(() => mapPlayerToVideo({ x: 1, y: 1, playerWidth: 100 })).toThrow(/together/);
    expect(() => mapPlayerToVideo({ x: 1, y: 1, playerWidth: 100, playerHeight: 100 })).toThrow(/video's size/);
    expect(() => mapPlayerToVideo({ x: 1, y: 1, playerWidth: 0, playerHeight: 100, videoWidth: 10, videoHeight: 10 })).toThrow(RangeError);
  });

  it("maps a video box back onto the player", () => {
    expect(mapVideoBoxToPlayer([320, 180, 64, 36], 800, 600, 640, 360)).toEqual([400, 300, 80, 45]);
    expect(mapVideoBoxToPlayer([0, 0, 360, 640], 1280, 720, 360, 640)).toEqual([437.5, 0, 405, 720]);
  });
});
