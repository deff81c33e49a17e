#!/usr/bin/env bash
# Fuzzes the bridge API from its own OpenAPI document with schemathesis (pinned, installed into
# a virtualenv under target/ on first use) against the real `shotbridge serve --sandbox`.
# Fails on any 5xx answer, and if the server is not alive afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
VENV="$PWD/target/schemathesis-$ST_VERSION"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

# run-all.sh has just built it with the tests; build it only when run on its own.
[ -x target/debug/shotbridge ] || cargo build --locked --quiet -p shotbridge --bin shotbridge
PORT="${FUZZ_PORT:-17531}"
TOKEN="fuzz-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
WORK="$(mktemp -d)"
# No real credentials: the sandbox App Store Connect and pseudo translation only.
env -u ASC_ISSUER_ID -u ASC_KEY_ID -u ASC_PRIVATE_KEY -u ASC_PRIVATE_KEY_PATH \
  -u OPENAI_API_KEY -u GEMINI_API_KEY SHOTBRIDGE_DATA_DIR="$WORK" \
  target/debug/shotbridge serve --sandbox --no-keychain --port "$PORT" --token "$TOKEN" \
  >"$WORK/serve.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/v1/openapi.json" \
  >"$WORK/openapi.json"

status=0
# Run from the scratch folder so schemathesis's own cache stays out of the repository.
(cd "$WORK" && "$VENV/bin/st" run "$WORK/openapi.json" --url "http://127.0.0.1:$PORT" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error --max-examples 30 --max-time 90 --workers 2 \
  --phases examples,coverage,fuzzing --generation-database none --no-color) || status=$?

if ! kill -0 "$PID" 2>/dev/null; then
  echo "the bridge died during the fuzz run; its log:" >&2
  cat "$WORK/serve.log" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures; the bridge log's last lines:" >&2
  tail -n 40 "$WORK/serve.log" >&2
fi
exit "$status"
