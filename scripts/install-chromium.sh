#!/usr/bin/env bash
# Installs Debian's chromium for the web console's browser tests (driven by playwright-core), unless it is
# there already. Idempotent and quiet; prints one line when it installs.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "install-chromium: installing Debian's chromium for the browser tests" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
