import { attachProductsByLabel, productsForLabels } from "@/db/queries/tracks";

// The demo video (seeded by lib/seed/demo-video.ts) gets products by class as soon as its tracks exist:
// production code links them here, so no production module imports the seed.

/** The demo video's id: a local id (not 11 characters, so it never claims a real YouTube video). */
export const DEMO_VIDEO_ID = "demo-product";

/** Which demo product a track of each class gets (SKUs from lib/seed/demo-products.ts). */
export const DEMO_PRODUCT_FOR_LABEL: Record<string, string> = {
  person: "JKT-RAIN-01",
  dog: "DOG-BED-01",
  cup: "MUG-ENM-01",
};

/**
 * Links demo products to the demo video's auto tracks by class (person → rain jacket, dog → dog bed,
 * cup → enamel mug; any other active product of that class when the preferred one is gone). Tracks that
 * already have a product keep it. Returns the number of links made.
 */
export async function attachDemoProducts(videoId: number): Promise<number> {
  const labels = Object.keys(DEMO_PRODUCT_FOR_LABEL);
  const candidates = await productsForLabels(labels);
  const byLabel = new Map<string, number>();
  for (const label of labels) {
    const preferred = candidates.find((p) => p.sku === DEMO_PRODUCT_FOR_LABEL[label]);
    const any = candidates.find((p) => p.itemName === label);
    const chosen = preferred ?? any;
    if (chosen) byLabel.set(label, chosen.id);
  }
  return attachProductsByLabel(videoId, byLabel);
}
