#!/usr/bin/env bash
# The first set-up command: Node 24 and pnpm, the dependencies, then the app on the embedded
# database with the demo network (the SPA is built on the first start).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
pnpm install --frozen-lockfile
exec pnpm start
