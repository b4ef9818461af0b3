#!/bin/sh
# N Streamlit processes of the atlas behind nginx, on one port. Started by `sh atlas.sh serve N`
# (which installs the app and nginx first); stopped by Ctrl-C or SIGTERM, which stops them all.
#
#   sh deploy/serve.sh N     (PORT, default 8501: where nginx listens; the processes listen on
#                             127.0.0.1 from BACKEND_PORT, default 8601, upwards)
#
# Every process runs the same app on the same read-only data folder and publishes its layers
# into the same static/ folder (content-named files, written atomically), which nginx serves
# itself. Nothing else is shared: a reader's session lives in one process, and nginx keeps
# each browser on its process by a cookie (deploy/nginx.conf.template).
set -eu
cd "$(dirname "$0")/.."

N=${1:-2}
PORT=${PORT:-8501}
BACKEND_PORT=${BACKEND_PORT:-8601}
VENV=${VENV:-.venv}
ROOT=$(pwd)
STATE=${STATE:-.serve/$PORT}  # logs, the generated nginx.conf and nginx's own files
case "$STATE" in /*) ;; *) STATE=$ROOT/$STATE ;; esac

case "$N" in ''|*[!0-9]*|0) echo "serve: N must be a whole number of processes, got '$N'" >&2; exit 2 ;; esac
command -v nginx >/dev/null 2>&1 || { echo "serve: nginx not found (sh atlas.sh serve installs it)" >&2; exit 1; }

mkdir -p "$STATE" static
pids=""
stop() {
  trap - EXIT INT TERM
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

upstreams=""
i=0
while [ "$i" -lt "$N" ]; do
  port=$((BACKEND_PORT + i))
  "$VENV/bin/python" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true > "$STATE/streamlit-$port.log" 2>&1 &
  pids="$pids $!"
  upstreams="$upstreams        server 127.0.0.1:$port;
"
  i=$((i + 1))
done

# the upstream lines go in through a file: sed cannot take a multi-line replacement portably
printf '%s' "$upstreams" > "$STATE/upstreams"
sed -e "s|@PORT@|$PORT|g" -e "s|@ROOT@|$ROOT|g" -e "s|@STATE@|$STATE|g" \
    -e "/@UPSTREAMS@/{r $STATE/upstreams" -e "d;}" deploy/nginx.conf.template > "$STATE/nginx.conf"
nginx -t -q -c "$STATE/nginx.conf" -p "$STATE/"

# wait for every process to answer before taking readers
for port in $(i=0; while [ "$i" -lt "$N" ]; do echo $((BACKEND_PORT + i)); i=$((i + 1)); done); do
  tries=0
  until "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || { echo "serve: the process on port $port did not start; see $STATE/streamlit-$port.log" >&2; exit 1; }
    sleep 0.5
  done
done
echo "serve: $N processes behind nginx at http://localhost:$PORT (logs in $STATE/)" >&2
nginx -c "$STATE/nginx.conf" -p "$STATE/" &
proxy=$!
pids="$pids $proxy"
wait "$proxy"
