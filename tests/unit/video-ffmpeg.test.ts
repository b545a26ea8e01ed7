import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { FfmpegError } from "@/lib/media/errors";
import {
  candidates,
  ffmpegInfo,
  ffmpegPath,
  ffprobePath,
  parseVersion,
  passthroughArgs,
  resetFfmpegCache,
  resolveCandidates,
  run,
  setCandidatesForTests,
  vfrEncodeArgs,
  withFallback,
  type ResolveDeps,
} from "@/lib/media/ffmpeg";
import { readTimeline } from "@/lib/media/timeline-read";

const deps = (over: Partial<ResolveDeps> = {}): ResolveDeps => ({
  envPath: undefined,
  load: (id) => {
    if (id === "ffmpeg-static") return "/npm/ffmpeg-static/ffmpeg";
    if (id === "@ffmpeg-installer/ffmpeg") return { path: "/npm/installer/ffmpeg" };
    if (id === "@ffprobe-installer/ffprobe") return { path: "/npm/installer/ffprobe" };
    throw new Error(`Cannot find module '${id}'`);
  },
  exists: () => true,
  ...over,
});

describe("binary resolution order", () => {
  it("env override first, and alone: an explicit setting never falls back", () => {
    expect(resolveCandidates("ffmpeg", deps({ envPath: "/opt/ff/ffmpeg" }))).toEqual([{ path: "/opt/ff/ffmpeg", source: "env" }]);
  });

  it("then ffmpeg-static, then @ffmpeg-installer, then the system binary", () => {
    expect(resolveCandidates("ffmpeg", deps()).map((c) => c.source)).toEqual(["ffmpeg-static", "@ffmpeg-installer/ffmpeg", "system"]);
    expect(resolveCandidates("ffprobe", deps()).map((c) => c.path)).toEqual(["/npm/installer/ffprobe", "ffprobe"]);
  });

  it("skips packages that are absent, have no binary, or point at a missing file", () => {
    const noStatic = deps({ load: (id) => (id === "ffmpeg-static" ? null : deps().load(id)) });
    expect(resolveCandidates("ffmpeg", noStatic)[0]?.source).toBe("@ffmpeg-installer/ffmpeg");
    const nothing = deps({ load: () => { throw new Error("absent"); } });
    expect(resolveCandidates("ffmpeg", nothing)).toEqual([{ path: "ffmpeg", source: "system" }]);
    expect(resolveCandidates("ffprobe", deps({ exists: () => false }))).toEqual([{ path: "ffprobe", source: "system" }]);
  });
});

describe("resolved binaries in this checkout", () => {
  afterEach(() => {
    resetEnvForTests({ FFMPEG_PATH: undefined, FFPROBE_PATH: undefined });
    resetFfmpegCache();
  });

  it("uses FFMPEG_PATH / FFPROBE_PATH from the environment when set", async () => {
    resetEnvForTests({ FFMPEG_PATH: "/usr/bin/ffmpeg", FFPROBE_PATH: "/usr/bin/ffprobe" });
    resetFfmpegCache();
    expect(ffmpegPath()).toBe("/usr/bin/ffmpeg");
    expect(ffprobePath()).toBe("/usr/bin/ffprobe");
    const info = await ffmpegInfo();
    expect(info.ffmpeg.source).toBe("env");
    expect(info.ffmpeg.version).toMatch(/^\d+\.\d+/);
  });

  it("without env, the first installed npm package wins and reports its version", async () => {
    resetEnvForTests({ FFMPEG_PATH: undefined, FFPROBE_PATH: undefined });
    resetFfmpegCache();
    const first = candidates("ffmpeg")[0];
    expect(first?.source).not.toBe("env");
    if (!fs.existsSync(path.resolve("node_modules/ffmpeg-static"))) expect(first?.source).toBe("@ffmpeg-installer/ffmpeg");
    const info = await ffmpegInfo();
    expect(info.ffmpeg.path).toBe(ffmpegPath());
    expect(info.ffprobe.source).toBe("@ffprobe-installer/ffprobe");
    expect(info.ffmpeg.version.length).toBeGreaterThan(1);
    expect(info.ffmpeg.libavutil[0]).toBeGreaterThanOrEqual(55);
  });

  it("reports a missing explicit binary clearly", async () => {
    resetEnvForTests({ FFMPEG_PATH: "/nonexistent/ffmpeg" });
    resetFfmpegCache();
    await expect(run("ffmpeg", ["-version"])).rejects.toThrow(/not found/);
  });
});

describe("run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-ffmpeg-"));
  afterAll(() => {
    setCandidatesForTests("ffprobe", undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("collects stdout and rejects with the tail of stderr", async () => {
    const { stdout } = await run("ffprobe", ["-version"]);
    expect(stdout.toString()).toMatch(/ffprobe version/);
    const e = await run("ffprobe", ["-v", "error", path.join(dir, "missing.mp4")]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FfmpegError);
    expect((e as FfmpegError).message).toMatch(/exited with code 1[\s\S]*No such file/);
  });

  it("kills the process when the signal aborts", async () => {
    const ac = new AbortController();
    const p = run("ffmpeg", ["-hide_banner", "-f", "lavfi", "-i", "testsrc=rate=5", "-f", "null", "-"], { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await expect(p).rejects.toThrow(/abort/i);
  });

  it("retries with the next binary when one crashes (e.g. a static ffprobe on MPEG-TS)", async () => {
    const crasher = path.join(dir, "crashing-ffprobe");
    fs.writeFileSync(crasher, '#!/bin/sh\ncase "$*" in *-version*) echo "ffprobe version 0.0-crash"; exit 0;; esac\nkill -SEGV $$\n', { mode: 0o755 });
    setCandidatesForTests("ffprobe", [
      { path: crasher, source: "@ffprobe-installer/ffprobe" },
      { path: "ffprobe", source: "system" },
    ]);
    const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", path.resolve("tests/fixtures/scene-b.mp4")]);
    expect(stdout.toString()).toMatch(/mp4/);
  });
});

describe("version-dependent options", () => {
  it("uses -fps_mode from ffmpeg 5.1 (libavutil 57.28) and -vsync before", () => {
    const c = { path: "x", source: "system" as const };
    const v51 = parseVersion(c, "ffmpeg version 5.1.9-0+deb12u1 Copyright\nlibavutil      57. 28.100 / 57. 28.100\n");
    expect(v51.version).toBe("5.1.9-0+deb12u1");
    expect(passthroughArgs(v51)).toEqual(["-fps_mode", "passthrough"]);
    const old = parseVersion(c, "ffmpeg version N-47683-g0e8eb07980-static https://x\nlibavutil      56. 24.101 / 56. 24.101\n");
    expect(old.libavutil).toEqual([56, 24]);
    expect(passthroughArgs(old)).toEqual(["-vsync", "passthrough"]);
  });

  it("re-encoding with vfrEncodeArgs keeps every frame's exact pts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-enc-"));
    try {
      const out = path.join(dir, "scene-b-copy.mp4");
      const src = path.resolve("tests/fixtures/scene-b.mp4");
      await withFallback("ffmpeg", (bin) =>
        run(bin.path, ["-v", "error", "-i", src, ...vfrEncodeArgs(bin), "-c:v", "libx264", "-preset", "ultrafast", "-video_track_timescale", "90000", out]),
      );
      expect(Array.from((await readTimeline(out)).pts)).toEqual(Array.from((await readTimeline(src)).pts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
