#!/bin/sh
# Packs `npm run bench:gpu` into dist/bench-gpu/ (about 11 MiB) for a machine with a GPU that receives
# only the repository (~37 MiB) and the folders carried with it, 64 MiB in all, so not node_modules
# (node_modules/webgpu alone holds Dawn's binaries for five platforms, 132 MiB). In it: the script
# bundled with tfjs and the project's code (esbuild), tfjs-backend-wasm's binaries, and Dawn's Node
# bindings for linux-x64 only, gzipped. The GPU machine needs Node 20+ and its GPU's Vulkan driver.
#   here, after npm ci:              sh scripts/bench-gpu-bundle.sh
#   carry dist/bench-gpu; there, from the repository root (it reads public/models):
#                                    sh dist/bench-gpu/run.sh [the options of npm run bench:gpu]
set -eu
out=dist/bench-gpu
dawn=node_modules/webgpu/dist/linux-x64
rm -rf "$out"
mkdir -p "$out/$dawn"
npx esbuild scripts/bench-gpu.ts --bundle --minify --platform=node --format=cjs --target=node20 \
  --external:webgpu --outfile="$out/bench-gpu.cjs" --log-level=warning
# the wasm backend's glue reads its binaries from beside the bundle (its __dirname)
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
gzip -9 -c "$dawn/dawn.node" >"$out/$dawn/dawn.node.gz"
cat >"$out/run.sh" <<EOF
#!/bin/sh
# npm run bench:gpu without node_modules: unpacks Dawn's binary once, then runs the bundle.
set -eu
here=\$(dirname "\$0")
[ -f "\$here/$dawn/dawn.node" ] || gunzip -k "\$here/$dawn/dawn.node.gz"
exec node "\$here/bench-gpu.cjs" "\$@"
EOF
du -sh "$out"
