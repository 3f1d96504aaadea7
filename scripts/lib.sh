# Shared set-up for scripts/run and scripts/test (sourced, not executed).
# Everything a fresh Debian 12 machine with Python 3.11 and Node 20 needs is installed from here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

UV_VERSION="0.13.9"
export UV_PYTHON_DOWNLOADS=never        # use the machine's Python 3.11, never a downloaded one
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv"
export PATH="$ROOT/.venv/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

python311() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.11 is required (python3.11 not found)" >&2
  return 1
}

# uv: the one on PATH, else one bootstrapped into a private tools venv.
uv_bin() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  if [ ! -x "$ROOT/.tools/venv/bin/uv" ]; then
    log "Bootstrapping uv $UV_VERSION into .tools/venv" >&2
    "$(python311)" -m venv "$ROOT/.tools/venv" >&2
    "$ROOT/.tools/venv/bin/pip" install --quiet "uv==$UV_VERSION" >&2
  fi
  echo "$ROOT/.tools/venv/bin/uv"
}

python_install() {
  log "Installing the Python environment (uv sync --frozen)"
  "$(uv_bin)" sync --frozen --python "$(python311)" --quiet
}

# npm ci only when package-lock.json changed since the last install.
frontend_install() {
  local stamp="$ROOT/frontend/node_modules/.lock-stamp"
  local want
  want="$(sha256sum "$ROOT/frontend/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "Installing frontend packages (npm ci)"
    (cd "$ROOT/frontend" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

frontend_build() {
  frontend_install
  log "Building the frontend"
  (cd "$ROOT/frontend" && npm run --silent build)
}

manage() { python -m backend.manage "$@"; }
