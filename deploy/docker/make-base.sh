#!/usr/bin/env bash
# Builds the local base image that stands in for `node:20-bookworm-slim` where public image registries
# cannot be reached: Debian bookworm (debootstrap, minbase) + this host's Node 20 and npm + the host's CA
# bundle (npm and apt inside containers go through the same TLS-inspecting network as the host).
# Usage: deploy/docker/make-base.sh [image-tag]   (default framecart-base:bookworm-node20)
set -euo pipefail
tag="${1:-framecart-base:bookworm-node20}"
if docker image inspect "$tag" >/dev/null 2>&1; then echo "[base] $tag exists"; exit 0; fi
command -v debootstrap >/dev/null || { echo "[base] needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$(mktemp -d /var/tmp/framecart-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
t0=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
node_bin="$(command -v node)"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$(readlink -f "$npm_dir")" "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
# The node user of the official image (uid 1000), so Dockerfiles that say `USER node` work unchanged.
chroot "$root" /bin/sh -c 'groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node'
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'CMD ["node"]' - "$tag" >/dev/null
echo "[base] $tag built in $(( $(date +%s) - t0 )) s ($(node -v), npm $(npm -v))"
