// Import boundaries between the layers (docs/architecture.md), one ESLint block per group of files. The
// groups do not overlap (a later block would replace an earlier one's options for the same rule), so
// each lists everything its files may not import. Type-only imports are allowed everywhere.
// Service domains (lib/videos, lib/studio, lib/exchange, …) fall in the last block: anything in lib/ and
// db/queries, never app/, components/ or lib/seed.

const db = { group: ["@/db", "@/db/*", "@/db/**"], message: "Pages, route handlers and components call lib/<domain> services, never db/ (type-only imports are fine)." };
const seed = { group: ["@/lib/seed", "@/lib/seed/**"], message: "lib/seed is demo data for scripts and tests; production code does not import it." };
const upward = { group: ["@/app/**", "@/components/**"], message: "lib/ and db/ never import app/ or components/." };
const env = { group: ["@/lib/env"], message: "Components may run in the browser: read settings in a server page or lib/ service and pass them down." };
const computeIo = {
  group: ["@/lib/storage", "@/lib/storage/**", "@/lib/api/**", "@/lib/jobs", "@/lib/jobs/**"],
  message: "Compute domains (lib/media, detect, track, match, pose) take files and data, not storage, HTTP or jobs: load in a service.",
};
const detect = { group: ["@/lib/detect/**"], message: "lib/detect runs the tracker, so lib/track does not import lib/detect (shared boxes: lib/geometry)." };
const dbUp = {
  group: ["@/lib/**", "!@/lib/env"],
  message: "db/ imports nothing from lib/ except lib/env: pass what a query needs in, return undefined for the service to throw, or move pure data down.",
};

const COMPUTE = ["lib/media/**", "lib/detect/**", "lib/match/**", "lib/pose/**"];

const zone = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }] },
});

export const layerZones = [
  zone(["app/**", "proxy.ts"], [db, seed]),
  zone(["components/**"], [db, seed, env]),
  zone(["db/**"], [dbUp, upward]),
  zone(COMPUTE, [db, computeIo, seed, upward]),
  zone(["lib/track/**"], [db, computeIo, seed, upward, detect]),
  zone(["lib/**"], [seed, upward], [...COMPUTE, "lib/track/**", "lib/seed/**"]),
];
