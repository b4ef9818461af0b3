#!/bin/sh
# One command per task, on any Debian/Ubuntu (PEP 668 Python included) or other Linux:
#
#   sh atlas.sh run     install into ./.venv and serve the app on the bundled data
#   sh atlas.sh test    install the test extras (and Chromium) and run the whole test suite
#   sh atlas.sh serve N install, then serve N app processes behind nginx on one port
#                       (installs Debian's nginx if missing; see deploy/serve.sh)
#
# Everything Python goes into the project's own virtual environment (.venv, or $VENV), never
# into the system's Python. Where `python3 -m venv` is missing (Debian and Ubuntu ship it in a
# separate package) or Chromium is missing for the browser tests, the script installs them with
# apt-get when it can (as root, or through sudo), and otherwise says what to install.
set -eu
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
PORT=${PORT:-8501}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

say() { printf 'atlas: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  say "installing with apt-get: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_python() {
  command -v "$PYTHON" >/dev/null 2>&1 && return 0
  apt_install python3 python3-venv || { say "error: $PYTHON not found; install Python 3.11 or newer"; exit 1; }
}

ensure_venv() {
  [ -x "$VENV/bin/python" ] && return 0
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    # Debian and Ubuntu package venv (with ensurepip) apart from Python itself.
    apt_install "python$version-venv" || apt_install python3-venv || {
      say "error: '$PYTHON -m venv' does not work here; install python3-venv (sudo apt-get install python3-venv)"
      exit 1
    }
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
}

install() {  # $1: the pip requirement of the project (".", or ".[test]")
  ensure_python
  ensure_venv
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$1"
  # Streamlit serves static/ (Leaflet, published layers); it warns at start-up if it is missing.
  mkdir -p static
}

ensure_nginx() {
  command -v nginx >/dev/null 2>&1 && return 0
  apt_install nginx || { say "error: nginx not found and could not be installed (apt-get install nginx)"; exit 1; }
}

ensure_chromium() {
  [ -x "$CHROMIUM" ] && return 0
  apt_install chromium || say "Chromium not installed: the browser tests will be skipped (apt-get install chromium)"
}

case "${1:-}" in
  run)
    install .
    exec "$VENV/bin/python" -m streamlit run app.py --server.port "$PORT"
    ;;
  serve)
    install .
    ensure_nginx
    exec sh deploy/serve.sh "${2:-2}"
    ;;
  test)
    install ".[test]"
    ensure_chromium
    "$VENV/bin/python" -m ruff check .
    "$VENV/bin/python" -m mypy
    "$VENV/bin/python" -m geo.validate data
    exec "$VENV/bin/python" -m pytest
    ;;
  *)
    say "usage: sh atlas.sh run | test | serve N"
    exit 2
    ;;
esac
