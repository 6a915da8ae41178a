# Sourced by scripts/setup.sh and .ci/run: makes Node 24 LTS and pnpm the ones on PATH.
# Node comes from the npm registry's node-linux-<arch> package (real Node binaries, no version
# manager, nothing fetched from elsewhere); pnpm from npm. Both go to /usr/local when it is
# writable, otherwise to ~/.local (add ~/.local/bin to PATH to use them after this script).
NODE_VERSION=24.21.0
PNPM_VERSION=12.21.0

# PID_TOOLS_PREFIX chooses another folder (to try the set-up as a machine with only an old Node).
if [ -n "${PID_TOOLS_PREFIX:-}" ]; then tools_prefix="$PID_TOOLS_PREFIX"
elif [ -w /usr/local/bin ] && [ -w /usr/local/lib ]; then tools_prefix=/usr/local
else tools_prefix="$HOME/.local"; fi
mkdir -p "$tools_prefix/bin"
export PATH="$tools_prefix/bin:$PATH"
hash -r

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 24 ]; then
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64 | arm64) node_arch=arm64 ;;
    *) echo "no Node $NODE_VERSION package for $(uname -m)" >&2; exit 1 ;;
  esac
  echo "Installing Node $NODE_VERSION into $tools_prefix (this machine has $(node --version 2>/dev/null || echo none))" >&2
  # --prefix always: npm run by a Node installed this way would otherwise take that Node's folder as its prefix.
  npm install -g --prefix "$tools_prefix" --no-fund --no-audit "node-linux-$node_arch@$NODE_VERSION" >/dev/null
  hash -r
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  # npm 11 blocks install scripts unless allowed; pnpm lays down its binary in one.
  npm install -g --prefix "$tools_prefix" --no-fund --no-audit --allow-scripts=pnpm "pnpm@$PNPM_VERSION" >/dev/null
  hash -r
fi
echo "Using Node $(node --version) and pnpm $(pnpm --version)" >&2
