// s3rver (an S3 protocol server in Node, dev dependency) behind a TCP proxy that counts the bytes the
// server sends, so tests and benchmarks can assert how much of an object a read transferred.
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { S3Config } from "@/lib/storage/s3";

type S3rverInstance = { run(): Promise<{ address: string; port: number }>; close(): Promise<void> };
type S3rverCtor = new (opts: { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverCtor;

export interface TestS3 {
  /** Storage config whose endpoint is the counting proxy. */
  cfg: S3Config;
  /** Bytes sent by the server (headers included) since the last reset, and connections opened. */
  bytes(): number;
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startS3(bucket: string): Promise<TestS3> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  let bytes = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    connections++;
    const upstream = net.connect(port, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("data", (b: Buffer) => {
      bytes += b.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyPort = (proxy.address() as net.AddressInfo).port;
  return {
    cfg: {
      endpoint: `http://127.0.0.1:${proxyPort}`,
      bucket,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    },
    bytes: () => bytes,
    connections: () => connections,
    reset() {
      bytes = 0;
      connections = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
