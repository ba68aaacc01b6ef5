#!/usr/bin/env bash
# The worker end-to-end tests on today's pi: @earendil-works/pi-coding-agent 1.x, which needs Node 22.
# Installs Node 22 (npm's `node` package ships the binary) and pi 1.x under .cache/pi-next once, then
# runs the tests that start real workers with DOCKET_TEST_PI pointing at that pi.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.cache/pi-next"
if [ ! -x "$dir/pi" ]; then
  echo "test:pi-next: installing node@22 and @earendil-works/pi-coding-agent@1 into $dir"
  mkdir -p "$dir"
  npm install --no-audit --no-fund --no-save --prefix "$dir" node@22 @earendil-works/pi-coding-agent@1 >"$dir/install.log" 2>&1 || {
    tail -20 "$dir/install.log"; exit 1; }
  printf '#!/bin/sh\nexec "%s/node_modules/.bin/node" "%s/node_modules/@earendil-works/pi-coding-agent/dist/bundle/cli.js" "$@"\n' "$dir" "$dir" >"$dir/pi"
  chmod +x "$dir/pi"
fi
echo "test:pi-next: pi $("$dir/pi" --version) on node $("$dir/node_modules/.bin/node" --version)"
export DOCKET_TEST_PI="$dir/pi"
exec node_modules/.bin/vitest run \
  test/integration/extension-protocol.test.ts test/integration/extension-lifecycle.test.ts \
  test/integration/extension-changeset.test.ts test/integration/fleet-e2e.test.ts \
  test/integration/fleet-lifecycle.test.ts test/integration/replies-exactly-once.test.ts \
  test/integration/worker-health.test.ts test/integration/status-live.test.ts test/integration/popup-verdict.test.ts \
  test/integration/remote-fleet.test.ts
