# shellcheck shell=bash
# Shared set-up for ./xtask/serve and ./xtask/test (sourced, not executed).
#
# Installs whatever is missing, idempotently, one line per step ("ok" or "installing"):
#   rustup target wasm32-unknown-unknown
#   trunk 0.21.14                       (cargo install --locked; 0.22 needs a newer rustc)
#   wasm-bindgen-cli = Cargo.lock's wasm-bindgen version (cargo install, no --locked: see TOOLCHAIN.md)
#   wasm-opt from npm binaryen@132.0.0  (project-local in .tools/, first on PATH; Debian's v108 is too old)
#   chromium + chromium-driver          (apt-get; update only when something must be installed)
# A second run takes about a second.  After sourcing: REPO_ROOT is set, PATH has .tools and ~/.cargo/bin.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
TOOLS_DIR="$REPO_ROOT/.tools"

export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [[ -z "${CI:-}" && -t 1 ]]; then
  _c_dim=$'\e[2m' _c_ok=$'\e[32m' _c_warn=$'\e[33m' _c_err=$'\e[31m' _c_bold=$'\e[1m' _c_off=$'\e[0m'
else
  _c_dim='' _c_ok='' _c_warn='' _c_err='' _c_bold='' _c_off=''
fi

# step_ok NAME DETAIL / step_installing NAME HOW: the one line per step.
step_ok() { printf '%ssetup%s %-40s %sok%s %s\n' "$_c_dim" "$_c_off" "$1" "$_c_ok" "$_c_off" "${2:-}"; }
step_installing() { printf '%ssetup%s %-40s %sinstalling%s %s\n' "$_c_dim" "$_c_off" "$1" "$_c_warn" "$_c_off" "${2:-}"; }
setup_fail() { printf '%ssetup failed:%s %s\n' "$_c_err" "$_c_off" "$1" >&2; exit 1; }

require_command() {
  command -v "$1" >/dev/null 2>&1 || setup_fail "$1 not found: $2"
}

# The wasm-bindgen version the project is locked to; the CLI must match it exactly.
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REPO_ROOT/Cargo.lock"
}

setup_wasm_target() {
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    step_ok "rustup target wasm32-unknown-unknown"
  else
    step_installing "rustup target wasm32-unknown-unknown" "(rustup target add)"
    rustup target add wasm32-unknown-unknown
  fi
}

setup_trunk() {
  local found
  found="$(trunk --version 2>/dev/null || true)"
  if [[ "$found" == "trunk $TRUNK_VERSION" ]]; then
    step_ok "trunk $TRUNK_VERSION"
  else
    step_installing "trunk $TRUNK_VERSION" "(found: ${found:-none}; cargo install --locked, ~7 min)"
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
}

setup_wasm_bindgen() {
  local want found
  want="$(wasm_bindgen_lock_version)"
  [[ -n "$want" ]] || setup_fail "no wasm-bindgen in Cargo.lock"
  found="$(wasm-bindgen --version 2>/dev/null || true)"
  if [[ "$found" == "wasm-bindgen $want" ]] && command -v wasm-bindgen-test-runner >/dev/null; then
    step_ok "wasm-bindgen-cli $want"
  else
    # No --locked: the CLI's own lockfile pins a webpki-roots version the registry no longer serves.
    step_installing "wasm-bindgen-cli $want" "(found: ${found:-none}; cargo install, ~2.5 min)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

setup_wasm_opt() {
  local pkg="$TOOLS_DIR/node_modules/binaryen/package.json"
  if [[ -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ]] && grep -q "\"version\": \"$BINARYEN_VERSION\"" "$pkg" 2>/dev/null; then
    step_ok "wasm-opt (npm binaryen@$BINARYEN_VERSION)" "in .tools/"
  else
    require_command npm "install Node.js and npm first"
    step_installing "wasm-opt (npm binaryen@$BINARYEN_VERSION)" "(npm install into .tools/)"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save --no-package-lock \
      --loglevel=error "binaryen@$BINARYEN_VERSION"
  fi
}

setup_chromium() {
  local missing=() pkg
  for pkg in chromium chromium-driver; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    step_ok "chromium + chromium-driver" "($(dpkg-query -W -f='${Version}' chromium))"
  else
    local sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    step_installing "chromium + chromium-driver" "(apt-get install ${missing[*]})"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

run_setup() {
  require_command rustup "install Rust with rustup first (https://rustup.rs)"
  require_command cargo "install Rust with rustup first (https://rustup.rs)"
  setup_wasm_target
  setup_trunk
  setup_wasm_bindgen
  setup_wasm_opt
  setup_chromium
}
