import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normaliseLabel, suggestLabels } from "@/lib/catalogue/labels";
import { labelSchema } from "@/lib/catalogue/labels";
import { denseBoxes } from "@/lib/exchange/dense";
import { exportFiles, parseImport } from "@/lib/exchange/formats";
import type { ExchangeDoc } from "@/lib/exchange/types";
import { checkEntryName, unzip, zipFiles } from "@/lib/exchange/zip";
import { iou } from "@/lib/geometry/views";

// The exchange formats on the real VFR timeline of vfr-barcode.mp4 (226 frames, four frame rates and a
// stall): what each writer puts in its files, read back by small parsers written here (not the
// project's importers), and the importers' refusals.

const truth = JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/fixtures/vfr-barcode.mp4.truth.json"), "utf8")) as { width: number; height: number; frames: { index: number; ptsMs: number }[] };
const ptsMs = truth.frames.map((f) => f.ptsMs);

/** Two tracks: an auto one stored every 10th frame (some bridged), a manual one with 3 keyframes. */
function sampleDoc(): ExchangeDoc {
  const auto = [];
  for (let f = 5; f <= 125; f += 10) auto.push({ frame: f, box: [10 + f, 20 + f / 2, 60, 40] as [number, number, number, number], keyframe: false, score: 0.8, observed: f !== 45 });
  return {
    name: "vfr barcode <test> & \"quotes\"",
    width: truth.width,
    height: truth.height,
    ptsMs,
    tracks: [
      { id: 7, label: "person", hidden: false, boxes: auto },
      { id: 9, label: "sneaker", hidden: false, boxes: [0, 100, 225].map((frame, i) => ({ frame, box: [100 + i * 30, 50, 33.33, 21.5] as [number, number, number, number], keyframe: true, score: 1, observed: true })) },
    ],
  };
}

const fileOf = (files: { path: string; data: string }[], p: string) => files.find((f) => f.path === p)?.data ?? "";

describe("exports carry every frame's exact pts (independent parsers)", () => {
  const doc = sampleDoc();

  it("CVAT for video 1.1: size, frames, pts and boxes", () => {
    const xml = fileOf(exportFiles(doc, "cvat"), "annotations.xml");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<annotations>\n {2}<version>1.1<\/version>/);
    expect(/<size>(\d+)<\/size>/.exec(xml)?.[1]).toBe(String(ptsMs.length));
    expect(/<stop_frame>(\d+)<\/stop_frame>/.exec(xml)?.[1]).toBe(String(ptsMs.length - 1));
    expect(xml).toContain("<original_size>\n        <width>" + truth.width);
    const pts = [...xml.matchAll(/<frame id="(\d+)" pts_ms="([\d.]+)"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(pts.length).toBe(truth.frames.length);
    pts.forEach(([id, p], i) => {
      expect(id).toBe(i);
      expect(Math.abs((p as number) - (truth.frames[i] as { ptsMs: number }).ptsMs)).toBeLessThan(1e-6);
    });
    expect(xml).toContain('<name>vfr barcode &lt;test&gt; &amp; &quot;quotes&quot;</name>');
    // Track 0 spans frames 5…125 densely, then an outside box on 126.
    const t0 = /<track id="0" label="person"[^>]*>([\s\S]*?)<\/track>/.exec(xml)?.[1] ?? "";
    const boxes = [...t0.matchAll(/<box frame="(\d+)" outside="(\d)" occluded="(\d)" keyframe="(\d)" xtl="([\d.]+)" ytl="([\d.]+)" xbr="([\d.]+)" ybr="([\d.]+)"/g)];
    expect(boxes.length).toBe(125 - 5 + 1 + 1);
    expect(boxes.at(-1)?.slice(1, 3)).toEqual(["126", "1"]);
    const f45 = boxes.find((b) => b[1] === "45");
    expect(f45?.slice(3, 5)).toEqual(["1", "1"]); // bridged → occluded, a stored box → keyframe
    expect(boxes.find((b) => b[1] === "46")?.[4]).toBe("0"); // interpolated → not a keyframe
    expect(boxes.find((b) => b[1] === "15")?.slice(5, 9).map(Number)).toEqual([25, 27.5, 85, 67.5]);
  });

  it("MOT 1.1: gt.txt 1-based, seqinfo.ini seqLength, pts.txt", () => {
    const files = exportFiles(doc, "mot");
    expect(files.map((f) => f.path).sort()).toEqual(["gt/gt.txt", "gt/labels.txt", "pts.txt", "seqinfo.ini"]);
    const ini = Object.fromEntries(fileOf(files, "seqinfo.ini").split("\n").filter((l) => l.includes("=")).map((l) => l.split("=")));
    expect(ini.seqLength).toBe(String(truth.frames.length));
    expect([ini.imWidth, ini.imHeight]).toEqual([String(truth.width), String(truth.height)]);
    const pts = fileOf(files, "pts.txt").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    expect(pts.length).toBe(truth.frames.length);
    pts.forEach(([fr, p], i) => {
      expect(fr).toBe(i + 1);
      expect(Math.abs((p as number) - (truth.frames[i] as { ptsMs: number }).ptsMs)).toBeLessThan(1e-6);
    });
    const gt = fileOf(files, "gt/gt.txt").trim().split("\n").map((l) => l.split(",").map(Number));
    expect(fileOf(files, "gt/labels.txt")).toBe("person\nsneaker\n");
    expect(gt[0]).toEqual([1, 2, 100, 50, 33.33, 21.5, 1, 2, 1]); // frame 0 → 1, the sneaker, class 2
    expect(gt.filter((r) => r[1] === 1).length).toBe(121);
    expect(gt.every((r, i) => i === 0 || (r[0] as number) >= (gt[i - 1]![0] as number))).toBe(true);
  });

  it("COCO: one image per frame with frame_id and pts_ms, official ids for COCO classes", () => {
    const coco = JSON.parse(fileOf(exportFiles(doc, "coco"), "annotations.json")) as {
      images: { id: number; frame_id: number; pts_ms: number; video_id: number }[];
      categories: { id: number; name: string }[];
      annotations: { image_id: number; track_id: number; bbox: number[]; category_id: number }[];
    };
    expect(coco.images.length).toBe(truth.frames.length);
    coco.images.forEach((im, i) => expect([im.id, im.frame_id, im.video_id, Math.abs(im.pts_ms - (truth.frames[i] as { ptsMs: number }).ptsMs) < 1e-6]).toEqual([i + 1, i, 1, true]));
    expect(coco.categories).toEqual([{ id: 1, name: "person", supercategory: "coco" }, { id: 1001, name: "sneaker", supercategory: "catalogue" }]);
    expect(coco.annotations.length).toBe(121 + 226);
  });

  it("YOLO: a label file per frame, normalised centres, classes.txt and pts.txt", () => {
    const files = exportFiles(doc, "yolo");
    expect(files.filter((f) => f.path.startsWith("labels/")).length).toBe(truth.frames.length);
    expect(fileOf(files, "classes.txt")).toBe("person\nsneaker\n");
    const [c, cx, cy, w, h] = fileOf(files, "labels/frame_000000.txt").trim().split(" ").map(Number);
    expect(c).toBe(1);
    expect(cx).toBeCloseTo((100 + 33.33 / 2) / truth.width, 5);
    expect(cy).toBeCloseTo((50 + 21.5 / 2) / truth.height, 5);
    expect([w, h].map((v) => Number((v as number).toFixed(4)))).toEqual([Number((33.33 / truth.width).toFixed(4)), Number((21.5 / truth.height).toFixed(4))]);
    expect(fileOf(files, "pts.txt").trim().split("\n").length).toBe(truth.frames.length + 1);
  });
});

describe("import reads back what export wrote", () => {
  for (const format of ["cvat", "mot"] as const) {
    it(`${format}: every frame's box matches the dense original (IoU ≥ 0.99), pts and size kept`, () => {
      const doc = sampleDoc();
      const files = exportFiles(doc, format);
      const buf = format === "cvat" ? Buffer.from(fileOf(files, "annotations.xml")) : zipFiles(files);
      const back = parseImport(buf);
      expect(back.format).toBe(format);
      expect(back.frameCount).toBe(truth.frames.length);
      expect([back.width, back.height]).toEqual([truth.width, truth.height]);
      expect(back.ptsMs?.length).toBe(truth.frames.length);
      expect(back.tracks.map((t) => t.label)).toEqual(["person", "sneaker"]);
      doc.tracks.forEach((t, i) => {
        const dense = denseBoxes(t, ptsMs);
        const got = back.tracks[i]!.boxes;
        expect(got.map((b) => b.frame)).toEqual(dense.map((b) => b.frame));
        for (const [k, b] of dense.entries()) expect(iou(b.box, got[k]!.box)).toBeGreaterThanOrEqual(0.99);
      });
    });
  }

  it("a MOT gt.txt alone, MOT17 classes, conf 0 skipped, a gap in an id starts a new track", () => {
    const gt = ["1,1,10,10,20,20,1,1,1", "2,1,11,10,20,20,1,1,1", "5,1,14,10,20,20,1,1,1", "2,3,0,0,5,5,0,1,1", "3,2,50,50,10,10,1,3,1"].join("\n");
    const back = parseImport(Buffer.from(gt));
    expect(back.frameCount).toBeNull();
    expect(back.tracks.map((t) => [t.label, t.boxes.map((b) => b.frame)])).toEqual([["person", [0, 1]], ["person", [4]], ["car", [2]]]);
  });

  it("CVAT: a track that goes outside and comes back is one track with an outside box where the gap starts; keyframe flags kept", () => {
    const xml = `<annotations><version>1.1</version><meta><task><size>10</size><start_frame>0</start_frame><stop_frame>9</stop_frame></task></meta>
      <track id="0" label="Jacket"><box frame="1" outside="0" occluded="0" keyframe="1" xtl="1" ytl="2" xbr="11" ybr="12"/><box frame="2" outside="0" occluded="0" keyframe="0" xtl="2" ytl="2" xbr="12" ybr="12"/>
      <box frame="3" outside="1" occluded="0" keyframe="1" xtl="2" ytl="2" xbr="12" ybr="12"/><box frame="4" outside="1" occluded="0" keyframe="0" xtl="2" ytl="2" xbr="12" ybr="12"/>
      <box frame="6" outside="0" occluded="0" keyframe="1" xtl="5" ytl="5" xbr="9" ybr="9"/><box frame="7" outside="1" occluded="0" keyframe="1" xtl="5" ytl="5" xbr="9" ybr="9"/></track></annotations>`;
    const back = parseImport(Buffer.from(xml));
    expect(back.tracks).toEqual([
      {
        label: "Jacket",
        boxes: [
          { frame: 1, box: [1, 2, 10, 10], keyframe: true },
          { frame: 2, box: [2, 2, 10, 10], keyframe: false },
          { frame: 3, box: [2, 2, 10, 10], keyframe: true, outside: true },
          { frame: 6, box: [5, 5, 4, 4], keyframe: true },
        ],
      },
    ]);
  });

  it("a track with an outside gap: CVAT writes outside=\"1\" where it starts and reads one track back; MOT, COCO and YOLO leave the gap's frames out", () => {
    const doc = sampleDoc();
    // The sneaker leaves the picture at frame 60 and comes back at 100 (its keyframe there).
    const sneaker = doc.tracks[1]!;
    sneaker.boxes.splice(1, 0, { frame: 60, box: [110, 50, 33.33, 21.5], keyframe: true, score: 1, observed: true, outside: true });
    const dense = denseBoxes(sneaker, ptsMs);
    expect(dense.some((b) => b.frame >= 60 && b.frame < 100)).toBe(false);
    expect(dense.filter((b) => b.frame < 60).length).toBe(60);

    const xml = fileOf(exportFiles(doc, "cvat"), "annotations.xml");
    const track = xml.split("<track ")[2]!;
    const boxes = [...track.matchAll(/<box frame="(\d+)" outside="(\d)"/g)].map((m) => [Number(m[1]), m[2]]);
    expect(boxes.filter(([, o]) => o === "1").map(([f]) => f)).toEqual([60]);
    expect(boxes.some(([f]) => (f as number) > 60 && (f as number) < 100)).toBe(false);

    const back = parseImport(Buffer.from(xml)).tracks.filter((t) => t.label === "sneaker");
    expect(back).toHaveLength(1);
    const got = back[0]!.boxes;
    expect(got.filter((b) => b.outside).map((b) => b.frame)).toEqual([60]);
    const shown = got.filter((b) => !b.outside);
    expect(shown.map((b) => b.frame)).toEqual(dense.map((b) => b.frame));
    for (const [k, b] of dense.entries()) expect(iou(b.box, shown[k]!.box)).toBeGreaterThanOrEqual(0.99);

    const gt = fileOf(exportFiles(doc, "mot"), "gt/gt.txt").trim().split("\n").map((l) => l.split(",").map(Number));
    const motFrames = gt.filter((r) => r[1] === 2).map((r) => (r[0] as number) - 1);
    expect(motFrames).toEqual(dense.map((b) => b.frame));
    const coco = JSON.parse(fileOf(exportFiles(doc, "coco"), "annotations.json")) as { annotations: unknown[] };
    expect(coco.annotations.length).toBe(denseBoxes(doc.tracks[0]!, ptsMs, doc).length + dense.length);
    const yolo = exportFiles(doc, "yolo").filter((f) => /labels\/frame_0000(6\d|7\d|8\d|9\d)\.txt$/.test(f.path));
    // Frames 60–99 hold only the auto track's box (it runs to frame 125), never the sneaker's.
    expect(yolo).toHaveLength(40);
    for (const f of yolo) expect(f.data.trim().split("\n").filter(Boolean).length).toBe(1);
  });
});

describe("bad input is refused with a reason", () => {
  const refuse = (buf: Buffer | string, re: RegExp) => expect(() => parseImport(typeof buf === "string" ? Buffer.from(buf) : buf)).toThrow(re);
  it("malformed XML", () => {
    refuse("<annotations><track label='a'><box frame='1'></track></annotations>", /Malformed XML: unexpected closing tag <\/track>/);
    refuse("<annotations><version>1.1</version>", /Malformed XML: <annotations> is not closed/);
    refuse('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><annotations>&x;</annotations>', /DOCTYPE/);
    refuse("<annotations a='1' a='2'></annotations>", /duplicate attribute/);
    refuse("<annotations>&bogus;</annotations>", /unknown entity/);
    refuse("<root/>", /root element is <root>/);
    refuse("<annotations><image id='0'/></annotations>", /CVAT for images/);
  });
  it("wrong frame counts and frames out of range", () => {
    refuse("<annotations><meta><task><size>10</size><stop_frame>5</stop_frame></task></meta></annotations>", /disagrees with/);
    refuse("<annotations><meta><task><size>10</size></task></meta><track id='0' label='cup'><box frame='10' outside='0' xtl='1' ytl='1' xbr='2' ybr='2'/></track></annotations>", /frame 10 is outside the task's frames 0…9/);
    refuse("<annotations><meta><task><size>10</size><start_frame>3</start_frame></task></meta></annotations>", /start_frame 0/);
    refuse("<annotations><track id='0' label='cup'><box frame='1' outside='0' xtl='5' ytl='1' xbr='2' ybr='2'/></track></annotations>", /no area/);
    refuse("<annotations><track id='0' label='cup'><box frame='1' outside='0' xtl='x' ytl='1' xbr='2' ybr='2'/></track></annotations>", /xtl must be a number/);
    refuse("0,1,1,1,5,5,1,1,1", /frames count from 1/);
    refuse("1,1,1,1", /expected frame,id,x,y,w,h/);
    refuse("1,1,1,1,5,5,1,9,1", /class 9 is not in MOT17/);
    const mot = zipFiles([{ path: "gt/gt.txt", data: "12,1,1,1,5,5,1,1,1\n" }, { path: "seqinfo.ini", data: "[Sequence]\nseqLength=10\n" }]);
    refuse(mot, /frame 12 is past seqLength 10/);
  });
  it("path tricks in archives", () => {
    for (const name of ["../gt/gt.txt", "/etc/passwd", "a/../../gt.txt", "C:/gt/gt.txt", "gt\\..\\gt.txt"]) {
      expect(() => checkEntryName(name)).toThrow(/Refused archive entry/);
      refuse(zipFiles([{ path: name, data: "1,1,1,1,5,5,1,1,1\n" }]), /Refused archive entry/);
    }
    expect(unzip(zipFiles([{ path: "seq/gt/gt.txt", data: "x" }])).get("seq/gt/gt.txt")?.toString()).toBe("x");
    refuse(Buffer.from("PK\u0003\u0004 broken"), /ZIP/);
  });
  it("an archive whose entries claim more than they hold, or too much in all", () => {
    const z = zipFiles([{ path: "gt/gt.txt", data: "1,1,1,1,5,5,1,1,1\n" }]);
    expect(() => unzip(z, 5)).toThrow(/unpacks to more than 5 bytes/);
  });
});

describe("any class: a bounded, normalised free label; COCO first in suggestions", () => {
  it("normalises and bounds labels", () => {
    expect(labelSchema.parse("  Running   Shoe ")).toBe("running shoe");
    expect(labelSchema.parse("T-Shirt")).toBe("t-shirt");
    expect(labelSchema.parse("Café Table")).toBe("café table");
    expect(normaliseLabel("SNEAKER")).toBe("sneaker");
    expect(labelSchema.parse("lamp\nshade")).toBe("lamp shade");
    for (const bad of ["", "   ", "a".repeat(41), "<script>", "-lamp", "lamp\u0000shade", "x;drop"]) expect(labelSchema.safeParse(bad).success, bad).toBe(false);
  });
  it("suggests COCO classes first, then catalogue categories, then labels used before, once each", () => {
    const s = suggestLabels(["Jacket", "cup", "sneaker"], ["lamp", "jacket", "person", "bad<label>"]);
    expect(s.slice(0, 3).map((x) => x.label)).toEqual(["person", "bicycle", "car"]);
    expect(s.filter((x) => x.source === "coco").length).toBe(80);
    expect(s.slice(80)).toEqual([
      { label: "jacket", source: "catalogue" },
      { label: "sneaker", source: "catalogue" },
      { label: "lamp", source: "used" },
    ]);
  });
});
