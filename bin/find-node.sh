#!/usr/bin/env bash
# Sourced by bin/dev and bin/test: the portal's web app (portal-web) is built with Node.js >= 20.19 and npm.
# Checks that both are on PATH and new enough; otherwise says what to install and fails.
_energymon_node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
if ! _energymon_node_ok; then
  echo "Node.js 20.19 or newer, with npm, is needed to build the portal's web app (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it, e.g. from https://nodejs.org (LTS), with 'nvm install --lts', or NodeSource's Debian packages" >&2
  echo "(https://github.com/nodesource/distributions), then make sure 'node' and 'npm' are on PATH." >&2
  return 1 2>/dev/null || exit 1
fi
