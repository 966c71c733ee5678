#!/usr/bin/env bash
# Installs what Qualified needs on a fresh machine: Node.js >= 22.13 and the npm packages.
# Node 22 comes from the npm registry itself (the `node` package ships the binary), so a machine
# with an older Node and npm needs nothing else. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

required_major=22
required_minor=13

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local v major minor
  v=$(node -p 'process.versions.node' 2>/dev/null) || return 1
  major=${v%%.*}
  minor=$(echo "$v" | cut -d. -f2)
  [ "$major" -gt "$required_major" ] || { [ "$major" -eq "$required_major" ] && [ "$minor" -ge "$required_minor" ]; }
}

if ! node_ok; then
  echo "setup: Node $(node -v 2>/dev/null || echo 'not found') is too old; installing Node 22 from the npm registry"
  prefix=$(npm prefix -g)
  if [ -w "$prefix/bin" ] || [ "$(id -u)" = 0 ]; then
    # --force: the global prefix already holds the old node binary, which this replaces.
    npm install -g --force --no-fund --no-audit node@22
  else
    npm install -g --prefix "$HOME/.local" --no-fund --no-audit node@22
    export PATH="$HOME/.local/bin:$PATH"
    echo "setup: Node 22 is in $HOME/.local/bin; add it to your PATH (export PATH=\"\$HOME/.local/bin:\$PATH\")"
  fi
  hash -r
  node_ok || { echo "setup: could not get Node >= $required_major.$required_minor (found $(node -v))" >&2; exit 1; }
fi
echo "setup: using Node $(node -v) at $(command -v node)"

# `npm install`, not `npm ci`: the lock file records only this platform's optional native packages.
npm install --no-fund --no-audit
# Compile the contracts, export the SDK's typed ABIs, build the SDK and the CLI into dist/.
npm run build
echo "setup: done. Run the demo with: npm start"
