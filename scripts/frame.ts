// npm run -s frame -- VIDEO --at MS --out FILE.png [--width W] [--format png|jpeg]
// Writes the frame on screen at MS (ms from the first frame) and prints {"index":…,"ptsMs":…}.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { NotAVideoError } from "@/lib/media/errors";
import { extractFrame } from "@/lib/media/frames";

const USAGE = "usage: npm run -s frame -- VIDEO --at MS --out FILE.png|FILE.jpg [--width W] [--format png|jpeg]";

function fail(message: string, code: number): never {
  console.error(`frame: ${message}`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { at: { type: "string" }, out: { type: "string" }, width: { type: "string" }, format: { type: "string" } },
    });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [video, ...extra] = positionals;
  if (!video) fail("missing VIDEO", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  if (values.at === undefined) fail("missing --at MS", 2);
  if (!values.out) fail("missing --out FILE", 2);
  const ms = Number(values.at);
  if (values.at.trim() === "" || !Number.isFinite(ms)) fail(`--at must be a number of ms, got ${JSON.stringify(values.at)}`, 2);
  const width = values.width === undefined ? undefined : Number(values.width);
  if (width !== undefined && !(Number.isInteger(width) && width > 0)) fail(`--width must be a positive integer, got ${values.width}`, 2);
  const ext = path.extname(values.out).toLowerCase();
  const format = values.format ?? (ext === ".jpg" || ext === ".jpeg" ? "jpeg" : "png");
  if (format !== "png" && format !== "jpeg") fail(`--format must be png or jpeg, got ${format}`, 2);

  try {
    const frame = await extractFrame(video, ms, { format, width });
    await fs.writeFile(values.out, frame.image);
    console.log(JSON.stringify({ index: frame.index, ptsMs: frame.ptsMs }));
  } catch (e) {
    if (e instanceof NotAVideoError || e instanceof RangeError) fail(e.message, 1);
    throw e;
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e), 1));
