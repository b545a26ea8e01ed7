import { describe, expect, it } from "vitest";
import * as ext from "@/extension/lib/card.js";
import { videoIdFromUrl } from "@/extension/lib/video-id.js";
import { plural, productHeadline } from "@/lib/clicks/wording";
import { canonicalVideoId } from "@/lib/videos/youtube-id";

describe("an attached product is worded as a fact, a class suggestion as a guess", () => {
  it("site and extension word them alike", () => {
    for (const label of ["dog", "person", "cup", "umbrella", "bus", "knife"]) {
      for (const source of ["attached", "class"] as const) expect(ext.productHeadline(label, source)).toBe(productHeadline(label, source));
      expect(ext.plural(label)).toBe(plural(label));
    }
    expect(productHeadline("dog", "attached")).toBe("You clicked the dog");
    expect(productHeadline("person", "class")).toBe("Looks like a person — products for people");
    expect(productHeadline("umbrella", "class")).toBe("Looks like an umbrella — products for umbrellas");
  });
});

describe("the extension reads the video id of every YouTube page layout; the server canonicalises it", () => {
  const LIST = "PLA0M1Bcd0w8yv0XGiF1wjerjSZVSrYbjh";
  it.each([
    [`https://www.youtube.com/watch?v=VESeA6leQuk&list=${LIST}&index=37`, `VESeA6leQuk&list=${LIST}&index=37`],
    ["https://m.youtube.com/watch?v=VESeA6leQuk", "VESeA6leQuk"],
    ["https://www.youtube.com/shorts/VESeA6leQuk", "VESeA6leQuk"],
    ["https://www.youtube.com/embed/VESeA6leQuk?autoplay=1", "VESeA6leQuk"],
    ["https://www.youtube-nocookie.com/embed/VESeA6leQuk", "VESeA6leQuk"],
    ["https://www.youtube.com/live/VESeA6leQuk", "VESeA6leQuk"],
  ])("%s", (href, id) => {
    expect(videoIdFromUrl(href)).toBe(id);
    expect(canonicalVideoId(id)).toBe("VESeA6leQuk");
  });

  it("gives nothing on pages that show no single video", () => {
    for (const href of ["https://www.youtube.com/", "https://www.youtube.com/results?search_query=x", "https://www.youtube.com/playlist?list=PLx", "https://www.youtube.com/watch?v=a/b", "https://www.youtube.com/shorts/", "not a url"]) expect(videoIdFromUrl(href)).toBeNull();
  });
});
