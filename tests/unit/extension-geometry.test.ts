import { describe, expect, it } from "vitest";
// The extension's plain ES modules, imported as they are loaded unpacked (no build step).
import * as ext from "@/extension/lib/geometry.js";
import { videoIdFromUrl } from "@/extension/lib/video-id.js";
import * as server from "@/lib/match/geometry";

describe("extension geometry", () => {
  it("agrees with the server's letterbox math on a grid of players, videos and points", () => {
    const players: [number, number][] = [[800, 600], [1280, 720], [960, 400], [360, 640], [853.33, 480.5]];
    const videos: [number, number][] = [[640, 360], [360, 640], [1920, 1080], [1440, 1080], [1000, 1000]];
    for (const [pw, ph] of players) {
      for (const [vw, vh] of videos) {
        expect(ext.containRect(pw, ph, vw, vh)).toEqual(server.containRect(pw, ph, vw, vh));
        for (let i = 0; i <= 10; i++) {
          for (let j = 0; j <= 10; j++) {
            const p = { x: (pw * i) / 10, y: (ph * j) / 10, playerWidth: pw, playerHeight: ph, videoWidth: vw, videoHeight: vh };
            expect(ext.mapPlayerToVideo(p)).toEqual(server.mapPlayerToVideo(p));
          }
        }
        expect(ext.mapVideoBoxToPlayer([10, 20, 30, 40], pw, ph, vw, vh)).toEqual(server.mapVideoBoxToPlayer([10, 20, 30, 40], pw, ph, vw, vh));
      }
    }
    expect(ext.mapPlayerToVideo({ x: 5, y: 6 })).toEqual(server.mapPlayerToVideo({ x: 5, y: 6 }));
    expect(() => ext.mapPlayerToVideo({ x: 1, y: 1, playerWidth: 10 })).toThrow(/together/);
  });

  it("pillarbox and letterbox, as on YouTube", () => {
    expect(ext.mapPlayerToVideo({ x: 400, y: 300, playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 })).toEqual({ x: 320, y: 180, outside: false });
    expect(ext.mapPlayerToVideo({ x: 400, y: 50, playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 }).outside).toBe(true);
    expect(ext.mapPlayerToVideo({ x: 100, y: 360, playerWidth: 1280, playerHeight: 720, videoWidth: 360, videoHeight: 640 }).outside).toBe(true);
  });

  it("clickOnPicture: the point relative to the <video> box, null on the bars, off the element or on native controls", () => {
    const rect = { left: 100, top: 50, width: 960, height: 400 };
    // 640×360 in 960×400: scale 1.111, picture x 124.4..835.6 inside the element.
    const hit = ext.clickOnPicture({ clientX: 700, clientY: 250, rect, videoWidth: 640, videoHeight: 360 });
    expect(hit).toMatchObject({ x: 600, y: 200, playerWidth: 960, playerHeight: 400, videoWidth: 640, videoHeight: 360 });
    expect(hit?.videoX).toBeCloseTo((600 - 124.444) / 1.1111, 1);
    expect(ext.clickOnPicture({ clientX: 150, clientY: 250, rect, videoWidth: 640, videoHeight: 360 })).toBeNull();
    expect(ext.clickOnPicture({ clientX: 50, clientY: 250, rect, videoWidth: 640, videoHeight: 360 })).toBeNull();
    expect(ext.clickOnPicture({ clientX: 700, clientY: 440, rect, videoWidth: 640, videoHeight: 360, controlsBand: 48 })).toBeNull();
    expect(ext.clickOnPicture({ clientX: 700, clientY: 250, rect, videoWidth: 0, videoHeight: 0 })).toBeNull();
  });
});

describe("extension video id", () => {
  it("takes v from a watch URL and keeps &list=…&index=…", () => {
    expect(videoIdFromUrl("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ");
    expect(videoIdFromUrl("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLabc_123&index=4&t=30s")).toBe("dQw4w9WgXcQ&list=PLabc_123&index=4");
    expect(videoIdFromUrl("https://www.youtube.com/watch?list=PLabc&v=dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ&list=PLabc");
    expect(videoIdFromUrl("http://127.0.0.1:8080/watch?v=local-demo")).toBe("local-demo");
    expect(videoIdFromUrl("https://www.youtube.com/")).toBeNull();
    expect(videoIdFromUrl("https://www.youtube.com/watch?v=<script>")).toBeNull();
    expect(videoIdFromUrl("not a url")).toBeNull();
  });
});
