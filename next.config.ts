import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Native or WASM packages stay outside the bundle; PGlite must never be opened by build workers.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg-boss",
    "postgres",
    "sharp",
    "@node-rs/argon2",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node",
    "@tensorflow/tfjs-node-gpu",
    "@ffmpeg-installer/ffmpeg",
    "@ffprobe-installer/ffprobe",
    "ffmpeg-static",
    "@aws-sdk/client-s3",
    "@aws-sdk/lib-storage",
    "@aws-sdk/s3-request-presigner",
    // The detector's worker threads load TypeScript through tsx at run time.
    "tsx",
  ],
  poweredByHeader: false,
  // nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options everywhere; the page CSP is set in proxy.ts.
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
  // `npm run typecheck` checks types once for the whole repo (scripts and tests too); the build skips it.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
    // forbidden() in the admin layout answers non-admins with status 403 and app/forbidden.tsx.
    authInterrupts: true,
  },
};

export default nextConfig;
