import sharp from "sharp";

// Draws two frames side by side, each above a caption bar (SVG text rendered by sharp's librsvg,
// DejaVu Sans from fonts-dejavu-core), or a grey placeholder when a recording has no frame yet.

export interface Panel {
  /** The frame as PNG/JPEG; absent for a placeholder. */
  image?: Buffer;
  /** Size of the video (used for the placeholder's aspect ratio). */
  width: number;
  height: number;
  title: string;
  caption: string;
  /** Lines of text drawn inside the placeholder. */
  placeholder?: string[];
}

const BAR = 48;
const GAP = 8;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

function textSvg(width: number, height: number, lines: { text: string; y: number; size: number; weight?: string; fill?: string }[], anchorMiddle = false): Buffer {
  const x = anchorMiddle ? width / 2 : 10;
  const anchor = anchorMiddle ? "middle" : "start";
  const body = lines
    .map((l) => `<text x="${x}" y="${l.y}" font-family="DejaVu Sans" font-size="${l.size}" font-weight="${l.weight ?? "normal"}" fill="${l.fill ?? "#f8fafc"}" text-anchor="${anchor}">${escapeXml(l.text)}</text>`)
    .join("");
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

function placeholderSvg(width: number, height: number, lines: string[]): Buffer {
  const size = Math.max(12, Math.min(28, Math.round(width / 18)));
  const top = height / 2 - ((lines.length - 1) * size * 1.4) / 2;
  return textSvg(width, height, lines.map((text, k) => ({ text, y: top + k * size * 1.4, size, weight: k === 0 ? "bold" : "normal" })), true);
}

async function renderPanel(p: Panel, height: number): Promise<{ png: Buffer; width: number }> {
  const width = Math.max(1, Math.round((p.width * height) / p.height));
  const picture = p.image
    ? await sharp(p.image).resize(width, height, { fit: "fill" }).png().toBuffer()
    : await sharp({ create: { width, height, channels: 3, background: "#475569" } })
        .composite([{ input: placeholderSvg(width, height, p.placeholder ?? ["No frame"]) }])
        .png()
        .toBuffer();
  const caption = textSvg(width, BAR, [
    { text: p.title, y: 20, size: 15, weight: "bold" },
    { text: p.caption, y: 40, size: 13, fill: "#e2e8f0" },
  ]);
  const png = await sharp({ create: { width, height: height + BAR, channels: 3, background: "#0f172a" } })
    .composite([
      { input: picture, left: 0, top: 0 },
      { input: caption, left: 0, top: height },
    ])
    .png()
    .toBuffer();
  return { png, width };
}

/**
 * A | B as one PNG. Both pictures are scaled to one height (the taller video's, at most maxHeight)
 * so a 4:3 and a 16:9 recording sit side by side without cropping.
 */
export async function sideBySide(a: Panel, b: Panel, opts: { maxHeight?: number } = {}): Promise<Buffer> {
  const height = Math.max(120, Math.min(opts.maxHeight ?? 720, Math.max(a.height, b.height)));
  const [left, right] = await Promise.all([renderPanel(a, height), renderPanel(b, height)]);
  return sharp({ create: { width: left.width + GAP + right.width, height: height + BAR, channels: 3, background: "#ffffff" } })
    .composite([
      { input: left.png, left: 0, top: 0 },
      { input: right.png, left: left.width + GAP, top: 0 },
    ])
    .png()
    .toBuffer();
}
