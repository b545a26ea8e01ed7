import { describe, expect, it } from "vitest";
import { canonicalVideoId, canonicalVideoIdOrNull, checkFilename, idFromFilename, isYoutubeId, newLocalId, parseVideoRef, VideoIdError } from "@/lib/videos/youtube-id";

const ID = "dQw4w9WgXcQ";

describe("parseVideoRef", () => {
  it.each([
    [ID],
    [`https://www.youtube.com/watch?v=${ID}`],
    [`http://youtube.com/watch?v=${ID}&t=42s`],
    [`youtube.com/watch?feature=share&v=${ID}`],
    [`https://m.youtube.com/watch?v=${ID}`],
    [`https://music.youtube.com/watch?v=${ID}`],
    [`https://youtu.be/${ID}`],
    [`https://youtu.be/${ID}?si=abc`],
    [`https://www.youtube.com/shorts/${ID}`],
    [`https://www.youtube.com/embed/${ID}?autoplay=1`],
    [`https://www.youtube-nocookie.com/embed/${ID}`],
    [`https://www.youtube.com/live/${ID}`],
    [`  ${ID}  `],
  ])("reads the id from %s", (input) => {
    const r = parseVideoRef(input);
    expect(r).toMatchObject({ kind: "youtube", id: ID, sourceUrl: `https://www.youtube.com/watch?v=${ID}` });
    expect(r.listId).toBeUndefined();
  });

  it("keeps &list= and &index= as separate fields", () => {
    const r = parseVideoRef(`https://www.youtube.com/watch?v=${ID}&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=7`);
    expect(r).toEqual({
      kind: "youtube",
      id: ID,
      listId: "PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
      listIndex: 7,
      sourceUrl: `https://www.youtube.com/watch?v=${ID}`,
    });
    expect(parseVideoRef(`https://youtu.be/${ID}?list=RDabc`)).toMatchObject({ listId: "RDabc" });
    expect(parseVideoRef(`https://youtu.be/${ID}?list=RDabc`).listIndex).toBeUndefined();
  });

  it("accepts local ids (1–64 chars, not 11) for uploads without YouTube", () => {
    expect(parseVideoRef("my-clip_01")).toEqual({ kind: "local", id: "my-clip_01" });
    expect(parseVideoRef("a".repeat(64))).toEqual({ kind: "local", id: "a".repeat(64) });
    expect(parseVideoRef("x")).toEqual({ kind: "local", id: "x" });
  });

  it.each([
    ["../etc/passwd"],
    ["..%2F..%2Fetc"],
    ["a/b"],
    ["abc\u0000def"],
    [`${ID}\u0000`],
    ["a".repeat(65)],
    ["a".repeat(5000)],
    [""],
    ["   "],
    ["hello world"],
    ["https://evil.example.com/watch?v=dQw4w9WgXcQ"],
    ["https://youtube.com.evil.net/watch?v=dQw4w9WgXcQ"],
    [`https://www.youtube.com/watch?v=${ID}x`],
    ["https://www.youtube.com/watch?v=../../../etc"],
    ["https://youtu.be/../../etc/passwd"],
    [`https://www.youtube.com/watch?v=${ID}&list=../x`],
    [`https://www.youtube.com/watch?v=${ID}&list=PLabc&index=-1`],
    [`https://www.youtube.com/watch?v=${ID}&list=PLabc&index=1e9`],
    ["https://www.youtube.com/channel/UC123"],
    ["javascript:alert(1)"],
  ])("refuses %j", (input) => {
    expect(() => parseVideoRef(input)).toThrow(VideoIdError);
  });
});

describe("idFromFilename", () => {
  it("reads <videoId>.mp4", () => {
    expect(idFromFilename(`${ID}.mp4`)).toMatchObject({ kind: "youtube", id: ID });
    expect(idFromFilename("clip-7.webm")).toEqual({ kind: "local", id: "clip-7" });
  });

  it("gives no id for ordinary names", () => {
    expect(idFromFilename("My holiday (2024).mp4")).toBeUndefined();
    expect(idFromFilename("noextension")).toBeUndefined();
    expect(idFromFilename(`${"a".repeat(65)}.mp4`)).toBeUndefined();
  });

  it.each([["../../etc/passwd.mp4"], ["..\\x.mp4"], ["a/b.mp4"], ["x\u0000.mp4"], ["..mp4"], ["a".repeat(256)], [""], ["a\nb.mp4"]])(
    "refuses %j",
    (name) => {
      expect(() => checkFilename(name)).toThrow(VideoIdError);
      expect(() => idFromFilename(name)).toThrow(VideoIdError);
    },
  );
});

describe("newLocalId", () => {
  it("is a valid local id that can never be a YouTube id", () => {
    const a = newLocalId();
    expect(a).toMatch(/^local-[A-Za-z0-9_-]{12}$/);
    expect(isYoutubeId(a)).toBe(false);
    expect(parseVideoRef(a)).toEqual({ kind: "local", id: a });
    expect(newLocalId()).not.toBe(a);
  });
});

describe("every form the original system or YouTube produces → one canonical id", () => {
  const LIST = "PLA0M1Bcd0w8yv0XGiF1wjerjSZVSrYbjh";
  it.each([
    "VESeA6leQuk",
    `VESeA6leQuk&list=${LIST}&index=37`,
    `VESeA6leQuk?list=${LIST}&index=37`,
    `v=VESeA6leQuk&list=${LIST}&index=37`,
    `watch?v=VESeA6leQuk&list=${LIST}&index=37`,
    `https://www.youtube.com/watch?v=VESeA6leQuk&list=${LIST}&index=37`,
    `https://m.youtube.com/watch?v=VESeA6leQuk&list=${LIST}&index=37&pp=iAQB`,
    "https://youtu.be/VESeA6leQuk?si=x1",
    "https://www.youtube.com/shorts/VESeA6leQuk",
    "https://www.youtube.com/embed/VESeA6leQuk?start=3",
    "https://www.youtube.com/live/VESeA6leQuk",
    "https://music.youtube.com/watch?v=VESeA6leQuk",
  ])("%s", (input) => {
    expect(canonicalVideoId(input)).toBe("VESeA6leQuk");
  });

  it("keeps list and index of the original system's form", () => {
    expect(parseVideoRef(`VESeA6leQuk&list=${LIST}&index=37`)).toMatchObject({ kind: "youtube", id: "VESeA6leQuk", listId: LIST, listIndex: 37 });
  });

  it("refuses what names no video, with a clear error; the OrNull form says null", () => {
    for (const bad of ["VESeA6leQuk&list=<script>", "VESeA6leQuk&list=PLx&index=0", "../../etc/passwd", "VESeA6leQu&list=PLxx"]) {
      expect(() => canonicalVideoId(bad), bad).toThrow(VideoIdError);
      expect(canonicalVideoIdOrNull(bad)).toBeNull();
    }
  });

  it("reads upload names the original system wrote (`ID&list=…&index=37.mp4`)", () => {
    expect(idFromFilename(`VESeA6leQuk&list=${LIST}&index=37.mp4`)).toMatchObject({ id: "VESeA6leQuk", listId: LIST, listIndex: 37 });
  });
});
