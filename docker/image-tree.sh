#!/usr/bin/env bash
# Lays out the production image's /app in OUT: the compiled services (dist/) and the production
# dependencies only, kafkajs patched. The Dockerfile runs it, and so does the deployed-form test,
# so CI starts exactly what the image holds.
set -euo pipefail
out=${1:?usage: docker/image-tree.sh OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

npm run -s build
rm -rf "$out"
mkdir -p "$out"
cp -r dist "$out/dist"
cp package.json package-lock.json "$out/"
cd "$out"
# --ignore-scripts: the root postinstall is patch-package, a build tool; no runtime dependency needs a script.
npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
cp -r "$root/patches" patches
"$root/node_modules/.bin/patch-package" >/dev/null
rm -rf patches
chmod -R a+rX,go-w "$out"
