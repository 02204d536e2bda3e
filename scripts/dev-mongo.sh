#!/usr/bin/env bash
# Starts (or stops) a local MongoDB-wire server for development and tests: SecantusDB from PyPI in ./.venv,
# listening on 127.0.0.1 only. Usage: bash scripts/dev-mongo.sh start|stop [port]
set -euo pipefail
cd "$(dirname "$0")/.."
SECANTUS_VERSION="0.7.0b3"
port="${2:-27117}"
state_dir="${SECANTUS_STATE_DIR:-$PWD/.secantus}"
case "${1:-start}" in
  start)
    if [ ! -x .venv/bin/secantusd-py ]; then
      python3 -m venv .venv
      .venv/bin/pip install --quiet "secantusdb==${SECANTUS_VERSION}"
    fi
    mkdir -p "$state_dir"
    if [ -f "$state_dir/pid" ] && kill -0 "$(cat "$state_dir/pid")" 2>/dev/null; then
      echo "mongodb://127.0.0.1:$(cat "$state_dir/port")/?directConnection=true"; exit 0
    fi
    rm -rf "$state_dir/db"
    .venv/bin/secantusd-py --host 127.0.0.1 --port "$port" --storage-path "$state_dir/db" --log-level WARNING \
      >"$state_dir/server.log" 2>&1 &
    echo $! >"$state_dir/pid"; echo "$port" >"$state_dir/port"
    for _ in $(seq 1 100); do
      if .venv/bin/python -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$port)))" 2>/dev/null; then
        echo "mongodb://127.0.0.1:${port}/?directConnection=true"; exit 0
      fi
      sleep 0.1
    done
    echo "SecantusDB did not start; see $state_dir/server.log" >&2; exit 1 ;;
  stop)
    if [ -f "$state_dir/pid" ]; then kill "$(cat "$state_dir/pid")" 2>/dev/null || true; rm -f "$state_dir/pid"; fi ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
