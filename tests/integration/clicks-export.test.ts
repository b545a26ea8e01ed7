import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { clicks } from "@/db/schema";
import { GET as exportCsv } from "@/app/api/admin/clicks/export.csv/route";
import { GET as exportJson } from "@/app/api/admin/clicks/export/route";
import { GET as groups } from "@/app/api/admin/clicks/groups/route";
import { POST as postClick } from "@/app/api/clicks/route";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { CSV_COLUMNS, csvCell, groupFileName, safeFilePart } from "@/lib/clicks/export";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

let drop: () => Promise<void>;
let admin: string;
let shopper: string;
let shopperId: number;

const VIDEO = "ExPoRtVid01";
const click = (over: Record<string, unknown> = {}) => ({ x: 120, y: 200, timestamp: 1.5, videoId: VIDEO, ...over });

/** A small RFC 4180 parser, enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  ({ token: admin } = await userWithToken("admin"));
  ({ token: shopper, user: { id: shopperId } } = await userWithToken("shopper"));
  // Clicks as the extension sends them (raw player pixels kept as sent), from two IPs and anonymously.
  const send = (json: unknown, ip: string, token?: string) =>
    call(postClick, "/api/clicks", { method: "POST", json, token, headers: { "x-forwarded-for": ip } });
  expect((await send([click(), click({ x: 640.5, y: 10.25, timestamp: 2, playerWidth: 1280, playerHeight: 720, videoWidth: 640, videoHeight: 360 })], "9.9.9.9", shopper)).status).toBe(201);
  expect((await send(click({ x: 5, timestamp: 3 }), "8.8.8.8", shopper)).status).toBe(201);
  expect((await send(click({ x: 7, timestamp: 4, deviceId: "device-000001", videoId: `https://www.youtube.com/watch?v=${VIDEO}&list=PLx1&index=2` }), "::1")).status).toBe(201);
  // Stored values an attacker controls (the client IP comes from x-forwarded-for, which any client can set).
  const db = await getDb();
  await db.insert(clicks).values([
    { userId: null, ip: '../../etc/"pass",wd\r\n=1', deviceId: "-device-0002", youtubeId: VIDEO, rawX: 1, rawY: 2, x: -3.5, y: 4, timestampS: 5 },
    { userId: null, ip: "=HYPERLINK(\"http://evil\")", deviceId: "@device-0003", youtubeId: VIDEO, rawX: 1, rawY: 2, timestampS: 6 },
    { userId: null, ip: "+cmd|' /C calc'!A0", deviceId: null, youtubeId: "OtherVideo1", rawX: 1, rawY: 2, timestampS: 7 },
  ]);
});
afterAll(async () => drop());
beforeEach(() => resetRateLimits());

describe(`click export (${TEST_DB})`, () => {
  it("downloads one (user, IP, video) in the original system's format: raw x, y as sent, timestamp in seconds", async () => {
    const r = await call(exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=${shopperId}&ip=9.9.9.9`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toContain("application/json");
    expect(r.res.headers.get("content-disposition")).toBe(`attachment; filename="${shopperId}_9.9.9.9_${VIDEO}.json"`);
    expect(r.body).toEqual([
      { x: 120, y: 200, timestamp: 1.5, videoId: VIDEO },
      { x: 640.5, y: 10.25, timestamp: 2, videoId: VIDEO },
    ]);
    // Anonymous devices: user "anonymous"; a list/index watch URL is stored under the bare id with its list and
    // index kept, and exported the way the original system wrote it (`ID&list=…&index=…`).
    const anon = await call(exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=anonymous&ip=${encodeURIComponent("::1")}`, { token: admin });
    expect(anon.res.headers.get("content-disposition")).toBe(`attachment; filename="anonymous___1_${VIDEO}.json"`);
    expect(anon.body).toEqual([{ x: 7, y: 200, timestamp: 4, videoId: `${VIDEO}&list=PLx1&index=2` }]);
  });

  it("sanitises every part of the file name: no path tricks, quotes or control characters", async () => {
    const ip = '../../etc/"pass",wd\r\n=1';
    const r = await call(exportJson, `/api/admin/clicks/export?${new URLSearchParams({ videoId: VIDEO, userId: "anonymous", ip })}`, { token: admin });
    expect(r.status).toBe(200);
    const cd = r.res.headers.get("content-disposition")!;
    const name = /^attachment; filename="([^"]*)"$/.exec(cd)?.[1];
    expect(name).toBeDefined();
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name).not.toContain("..");
    expect(name!.endsWith(`_${VIDEO}.json`)).toBe(true);
    expect(r.body).toEqual([{ x: 1, y: 2, timestamp: 5, videoId: VIDEO }]);
    for (const bad of ["..", ".hidden", "a/b\\c", 'q"u\'o', "\u0000\u001f\u007f", "ünï", ""]) {
      expect(safeFilePart(bad)).toMatch(/^(?!\.)[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/);
    }
    expect(groupFileName({ userId: 12, ip: "2001:db8::1", youtubeId: "dQw4w9WgXcQ" })).toBe("12_2001_db8__1_dQw4w9WgXcQ.json");
  });

  it("exports all clicks of a video as CSV with the documented columns, escaped, formulas defused", async () => {
    const r = await call(exportCsv, `/api/admin/clicks/export.csv?videoId=${VIDEO}`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toContain("text/csv");
    expect(r.res.headers.get("content-disposition")).toBe(`attachment; filename="clicks_${VIDEO}.csv"`);
    const text = r.body as string;
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const data = rows.slice(1);
    expect(data).toHaveLength(6); // the other video's click is not there
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(data.every((d) => d.length === CSV_COLUMNS.length)).toBe(true);
    const ids = data.map((d) => Number(d[col("id")]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The API-sent clicks: user, IP, raw and normalised coordinates, the frame columns (pending here).
    expect(data[0]![col("user_id")]).toBe(String(shopperId));
    expect(data[0]![col("ip")]).toBe("9.9.9.9");
    expect(data[1]![col("raw_x")]).toBe("640.5");
    expect(data[0]![col("match_state")]).toBe("pending");
    expect(new Date(data[0]![col("created_at")]!).toISOString()).toBe(data[0]![col("created_at")]);
    expect(data[3]![col("user_id")]).toBe("");
    // A comma, quotes and a line break survive the round trip; cells starting with = + - @ get a quote.
    const evil = data[4]!;
    expect(evil[col("ip")]).toBe('../../etc/"pass",wd\r\n=1');
    expect(evil[col("device_id")]).toBe("'-device-0002");
    expect(evil[col("x")]).toBe("-3.5"); // numbers are numbers, never prefixed
    expect(data[5]![col("ip")]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(data[5]![col("device_id")]).toBe("'@device-0003");
    expect(text).not.toMatch(/(^|,)[=+\-@][A-Za-z(]/m);
    expect([csvCell("+1"), csvCell("\tx"), csvCell("a,b"), csvCell('say "hi"'), csvCell(null), csvCell(-2), csvCell(Number.NaN)]).toEqual([
      "'+1",
      "'\tx",
      '"a,b"',
      '"say ""hi"""',
      "",
      "-2",
      "",
    ]);
  });

  it("streams big videos page by page: every click once, in id order", async () => {
    const db = await getDb();
    const n = 2345;
    for (let i = 0; i < n; i += 1000) {
      await db.insert(clicks).values(
        Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ userId: null, ip: "7.7.7.7", youtubeId: "BigVideo001", rawX: i + k, rawY: 0, timestampS: (i + k) / 30 })),
      );
    }
    const r = await call(exportCsv, "/api/admin/clicks/export.csv?videoId=BigVideo001", { token: admin });
    const rows = parseCsv(r.body as string).slice(1);
    expect(rows).toHaveLength(n);
    expect(rows.map((d) => Number(d[CSV_COLUMNS.indexOf("raw_x")]))).toEqual(Array.from({ length: n }, (_, i) => i));
    const file = await call(exportJson, "/api/admin/clicks/export?videoId=BigVideo001&userId=anonymous&ip=7.7.7.7", { token: admin });
    expect((file.body as unknown[]).length).toBe(n);
    // An unknown video is just the header line.
    const none = await call(exportCsv, "/api/admin/clicks/export.csv?videoId=NoSuchVideo", { token: admin });
    expect(none.body).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
  });

  it("lists (user, IP, video) groups with counts and links that download them", async () => {
    const r = await call(groups, `/api/admin/clicks/groups?videoId=${VIDEO}`, { token: admin });
    expect(r.status).toBe(200);
    const list = (r.body as { groups: { userId: number | null; userEmail: string | null; ip: string; videoId: string; count: number; exportUrl: string }[] }).groups;
    expect(list).toHaveLength(5);
    const mine = list.find((g) => g.userId === shopperId && g.ip === "9.9.9.9");
    expect(mine).toMatchObject({ videoId: VIDEO, count: 2, userEmail: expect.stringContaining("@test.local") });
    for (const g of list) {
      const file = await call(exportJson, g.exportUrl, { token: admin });
      expect([g.exportUrl, file.status, (file.body as unknown[]).length]).toEqual([g.exportUrl, 200, g.count]);
    }
    const all = await call(groups, "/api/admin/clicks/groups?limit=2", { token: admin });
    expect((all.body as { groups: unknown[] }).groups).toHaveLength(2);
  });

  it("is for admins only and refuses bad parameters clearly", async () => {
    const urls = [
      [exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=anonymous&ip=1.1.1.1`],
      [exportCsv, `/api/admin/clicks/export.csv?videoId=${VIDEO}`],
      [groups, "/api/admin/clicks/groups"],
    ] as const;
    for (const [handler, url] of urls) {
      expect((await call(handler, url)).status).toBe(401);
      const s = await call(handler, url, { token: shopper });
      expect(s.status).toBe(403);
      expect(s.body).toMatchObject({ error: { code: "forbidden" } });
    }
    const bad = [
      [exportJson, `/api/admin/clicks/export?videoId=../x&userId=1&ip=1.1.1.1`, 422],
      [exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=someone&ip=1.1.1.1`, 422],
      [exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=1`, 422],
      [exportJson, `/api/admin/clicks/export?videoId=${VIDEO}&userId=anonymous&ip=1.2.3.4`, 404],
      [exportCsv, "/api/admin/clicks/export.csv", 422],
      [exportCsv, `/api/admin/clicks/export.csv?videoId=${VIDEO}&extra=1`, 422],
      [groups, "/api/admin/clicks/groups?limit=0", 422],
    ] as const;
    for (const [handler, url, status] of bad) {
      const r = await call(handler, url, { token: admin });
      expect([url, r.status]).toEqual([url, status]);
      expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });
});
