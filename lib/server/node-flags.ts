/**
 * V8 flags the production server runs with (`npm start`, the Docker image's CMD, bench:clicks).
 * A 32 MiB semi-space makes young-generation collections ~8× rarer than Node's default: on the click
 * path (short-lived request objects) that cut server CPU per click from 205 to 187 µs and the median
 * p99 from 33 to 27 ms in one bench:clicks run (docs/api.md), for at most ~96 MiB more young heap.
 * package.json's "start" and Dockerfile's CMD spell the same flags (tests/unit/deploy-compose.test.ts).
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"] as const;
