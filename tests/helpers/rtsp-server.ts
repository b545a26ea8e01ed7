import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// Starts tests/helpers/rtsp-server.py (GStreamer's RTSP server, Debian packages
// gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-{base,good,bad}) on 127.0.0.1.

export interface RtspServer {
  url: string;
  port: number;
  /** SIGKILL: the source vanishes mid-stream, as a crashed camera would. */
  kill(): Promise<void>;
}

const SCRIPT = path.join(import.meta.dirname, "rtsp-server.py");

export type ServedAudio = "aac" | "opus" | "pcmu";

/**
 * `protocols`: the lower transports the server offers ("udp" makes TCP-interleaved clients fail).
 * `auth` ("user:password"): the server wants Basic auth, and `url` carries those credentials.
 * `audio`: serve the file's audio too (a file made by makeAvFixture), as this codec.
 */
export function startRtspServer(file: string, port = 0, protocols = "tcp,udp", auth?: string, audio?: ServedAudio): Promise<RtspServer> {
  const args = [SCRIPT, file, "--port", String(port), "--protocols", protocols, ...(auth ? ["--auth", auth] : []), ...(audio ? ["--audio", audio] : [])];
  // Debian's python3 (python3-gi lives there), not whatever python3 comes first on PATH.
  const child: ChildProcess = spawn("/usr/bin/python3", args, { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (s: string) => (err = (err + s).slice(-2000)));
  const exited = new Promise<void>((r) => child.once("close", () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`RTSP server did not start: ${err}`)), 15000);
    child.once("error", reject);
    child.once("close", (code) => reject(new Error(`RTSP server exited (${code}): ${err}`)));
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      const m = /READY (rtsp:\/\/127\.0\.0\.1:(\d+)\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: auth ? (m[1] as string).replace("rtsp://", `rtsp://${auth}@`) : (m[1] as string),
          port: Number(m[2]),
          async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            await exited;
          },
        });
      }
    });
  });
}
