import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/detect/backend";
import { createDetector, type Detector } from "@/lib/detect/detector";
import { iou, type Box } from "@/lib/geometry/views";
import type { Detection, RgbFrame } from "@/lib/detect/types";

const MEDIA = "../shared/fixtures/media";

async function still(name: string): Promise<RgbFrame> {
  const { data, info } = await sharp(`${MEDIA}/${name}`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The best detection over a reference box (hand-checked boxes of the darknet/scikit-image stills). */
function at(dets: Detection[], ref: Box, labels: string[]): Detection | undefined {
  return dets.filter((d) => labels.includes(d.label) && iou(d.box, ref) >= 0.5).sort((a, b) => b.score - a.score)[0];
}

const show = (dets: Detection[]): string => dets.map((d) => `${d.label} ${d.score.toFixed(2)}`).join(", ");

describe("CenterNet on real stills (wasm)", () => {
  let det: Detector;
  beforeAll(async () => {
    det = await createDetector({ model: "centernet", backend: "wasm" });
  });
  afterAll(() => det.dispose());

  it("finds the dog, the bicycle and the truck in dog.jpg", async () => {
    const dets = await det.detect(await still("dog.jpg"));
    console.log("dog.jpg:", show(dets));
    expect(at(dets, [128, 224, 186, 313], ["dog"])).toBeDefined();
    expect(at(dets, [124, 127, 444, 311], ["bicycle"])).toBeDefined();
    // CenterNet calls the pick-up truck a car about as often as a truck.
    expect(at(dets, [468, 76, 224, 94], ["truck", "car"])).toBeDefined();
  });

  it("finds the person and the dog in person.jpg, and the horse as a large animal", async () => {
    const dets = await det.detect(await still("person.jpg"));
    console.log("person.jpg:", show(dets));
    expect(at(dets, [190, 98, 82, 281], ["person"])).toBeDefined();
    expect(at(dets, [61, 263, 144, 88], ["dog"])).toBeDefined();
    expect(at(dets, [397, 127, 211, 221], ["horse", "cow", "sheep"])).toBeDefined();
  });

  it("finds the astronaut, the cup and the cat", async () => {
    const astronaut = await det.detect(await still("astronaut.png"));
    const coffee = await det.detect(await still("coffee.png"));
    const cat = await det.detect(await still("chelsea.png"));
    console.log("astronaut.png:", show(astronaut), "| coffee.png:", show(coffee), "| chelsea.png:", show(cat));
    expect(astronaut[0]?.label).toBe("person");
    expect(coffee.some((d) => d.label === "cup" && d.score > 0.4)).toBe(true);
    expect(cat[0]?.label).toBe("cat");
  });

  // product_demo's truth box for "cup" is the whole pasted coffee.png (cup, saucer, spoon and table).
  // This pins down why the "IoU ≥ 0.5 with the truth" cannot hold for the cup: the detector
  // boxes the cup itself (as COCO annotates cups), and the cup itself covers under a third of the photo.
  it("boxes the cup in coffee.png, not the photo: a correct cup box has IoU < 0.3 with the whole picture", async () => {
    const photo: Box = [0, 0, 600, 400];
    const cupByHand: Box = [172, 18, 238, 287]; // rim to handle, measured on the 600×400 still
    const saucerAndCup: Box = [75, 18, 405, 372];
    const cup = at(await det.detect(await still("coffee.png")), cupByHand, ["cup"]);
    console.log(
      `coffee.png cup box [${cup?.box.map(Math.round).join(", ")}]: IoU ${cup ? iou(cup.box, cupByHand).toFixed(2) : "-"} with the cup measured by hand, ` +
        `${cup ? iou(cup.box, photo).toFixed(2) : "-"} with the photo; the hand-measured cup has ${iou(cupByHand, photo).toFixed(2)}, cup + saucer ${iou(saucerAndCup, photo).toFixed(2)}`,
    );
    expect(cup).toBeDefined();
    expect(iou(cup!.box, cupByHand)).toBeGreaterThanOrEqual(0.7);
    expect(iou(cup!.box, photo)).toBeLessThan(0.3);
    expect(iou(cupByHand, photo)).toBeLessThan(0.3);
  });

  it("returns nothing on a black frame and rejects a malformed frame", async () => {
    const black = { data: new Uint8Array(320 * 240 * 3), width: 320, height: 240 };
    expect(await det.detect(black)).toEqual([]);
    await expect(det.detect({ data: new Uint8Array(10), width: 320, height: 240 })).rejects.toThrow(RangeError);
  });

  it("keeps tf.memory().numTensors flat over 20 calls (tiles on)", async () => {
    const { tf } = await initBackend("wasm");
    const frame = await still("dog.jpg");
    await det.detect(frame);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await det.detect(frame);
    const after = tf.memory().numTensors;
    console.log(`numTensors before ${before}, after 20 calls ${after}`);
    expect(after).toBe(before);
  });
});

describe("NanoDet on real stills (wasm)", () => {
  it("decodes boxes that land on the same objects", async () => {
    const det = await createDetector({ model: "nanodet", backend: "wasm" });
    try {
      const dog = await det.detect(await still("dog.jpg"));
      const person = await det.detect(await still("person.jpg"));
      console.log("nanodet dog.jpg:", show(dog), "| person.jpg:", show(person));
      expect(at(dog, [128, 224, 186, 313], ["dog"])).toBeDefined();
      expect(at(dog, [124, 127, 444, 311], ["bicycle"])).toBeDefined();
      expect(at(person, [190, 98, 82, 281], ["person"])).toBeDefined();
      expect(at(person, [397, 127, 211, 221], ["horse"])).toBeDefined();
    } finally {
      det.dispose();
    }
  });
});
