// npm run -s align -- A B --at MS --out DIR [--offset auto|MS]
// Writes DIR/side-by-side-MS.png (the frames on screen at MS in A and at MS − offset in B) and prints
// one JSON line: {"atMs","a":{"index","ptsMs","skipped",…},"b":{…},"offsetMs","offset":{"mode",…}}.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { alignFrames } from "@/lib/media/align";
import { NotAVideoError } from "@/lib/media/errors";

const USAGE = "usage: npm run -s align -- A B --at MS --out DIR [--offset auto|MS]   (offset: ms after A that B started; default 0)";

function fail(message: string, code: number): never {
  console.error(`align: ${message}`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

function number(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) fail(`${name} must be a number of ms, got ${JSON.stringify(raw)}`, 2);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { at: { type: "string" }, out: { type: "string" }, offset: { type: "string" } } });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [a, b, ...extra] = positionals;
  if (!a || !b) fail("need two videos, A and B", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  if (values.at === undefined) fail("missing --at MS", 2);
  if (!values.out) fail("missing --out DIR", 2);
  const ms = number("--at", values.at);
  const offset = values.offset === undefined ? 0 : values.offset === "auto" ? "auto" : number("--offset", values.offset);

  try {
    const { result, image } = await alignFrames(a, b, ms, { offset });
    await fs.mkdir(values.out, { recursive: true });
    await fs.writeFile(path.join(values.out, `side-by-side-${ms}.png`), image);
    console.log(JSON.stringify(result));
  } catch (e) {
    if (e instanceof NotAVideoError || e instanceof RangeError) fail(e.message, 1);
    throw e;
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e), 1));
