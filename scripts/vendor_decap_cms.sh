#!/usr/bin/env bash
# Refresh the vendored Decap CMS (the form editor served at /admin/) from the npm registry.
#
# The built bundle is kept in the repository so that building the site needs neither Node
# nor the network. npm verifies the package against the registry's integrity hash; the
# files are copied unchanged (no source maps) and their SHA-256 sums recorded.
# Usage: scripts/vendor_decap_cms.sh [version]
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${1:-3.16.3}"
DEST=scripts/dienhinh/vendor/decap-cms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" "decap-cms@$VERSION" >/dev/null
tar -xzf "$work/decap-cms-$VERSION.tgz" -C "$work"
dist="$work/package/dist"

rm -f "$DEST"/*.js "$DEST"/*.wasm "$DEST"/*.LICENSE.txt "$DEST/SHA256SUMS"  # LICENSE stays
mkdir -p "$DEST"
cp "$dist/decap-cms.js" "$dist"/*.decap-cms.js "$dist"/*.wasm "$dist/decap-cms.js.LICENSE.txt" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum -- *.js *.wasm > SHA256SUMS)
echo "Decap CMS $VERSION: $(ls "$DEST" | wc -l) files, $(du -sh "$DEST" | cut -f1) in $DEST"
