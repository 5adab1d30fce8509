#!/usr/bin/env bash
# `npm run bench`: installs the comparison libraries into bench/node_modules when they are missing
# or older than bench/package-lock.json, builds the bot (the engine and `footnote knowledge --json`
# are taken from dist/), then runs bench/run.ts with --expose-gc. Extra arguments go to run.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  echo "bench: installing bench dependencies (npm ci in bench/)…" >&2
  (cd bench && npm ci --silent --no-audit --no-fund)
fi
npm run build --silent
exec node --expose-gc --import tsx bench/run.ts "$@"
