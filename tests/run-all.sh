#!/usr/bin/env bash
# Runs every Shotbridge test on a fresh machine: formatting and lints, the Rust workspace (unit,
# integration, contract and end-to-end tests), a fuzz run of the bridge API, then the Figma
# plugin's unit and browser tests. Installs what it needs on the way (schemathesis in a virtualenv
# under target/, npm packages, Debian's chromium for the browser test).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (workspace)"
cargo test --workspace --locked

step "bridge API fuzz (schemathesis from the OpenAPI document, no 5xx)"
bash tests/fuzz-bridge.sh

if [ -f plugin-ui/package.json ]; then
  step "plugin: npm ci"
  (cd plugin-ui && npm ci --no-audit --no-fund)

  step "plugin: lint, typecheck, unit tests, build"
  (cd plugin-ui && npm run lint && npm run typecheck && npm test && npm run build)

  step "plugin: browser test (headless Chromium against shotbridge serve --sandbox)"
  if [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
  # The bridge binary the browser test starts was built by `cargo test` above.
  (cd plugin-ui && npm run test:browser)
fi
