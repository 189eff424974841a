// Preload (NODE_OPTIONS=--require …/scripts/native-addons.cjs) that loads native
// addons from $SECRETS_NATIVE_ADDONS, the folder scripts/native-addons.mjs built
// for this Node's ABI, instead of the ones in node_modules (built for the Node
// that ran `pnpm install`). An addon `<pkg>/build/Release/<file>.node` of
// package <name>@<version> is loaded from `$SECRETS_NATIVE_ADDONS/<name>@<version>/<file>.node`
// when that file exists; anything else loads as usual (and a wrong ABI fails as usual).
'use strict'

const { existsSync, readFileSync } = require('node:fs')
const { join } = require('node:path')

const dir = process.env.SECRETS_NATIVE_ADDONS
const ADDON = /^(.*)[\\/]build[\\/](?:Release|Debug)[\\/]([^\\/]+\.node)$/

function redirect(filename) {
  const match = ADDON.exec(String(filename))
  if (!match) return filename
  try {
    const pkg = JSON.parse(readFileSync(join(match[1], 'package.json'), 'utf8'))
    const built = join(dir, `${pkg.name}@${pkg.version}`, match[2])
    if (existsSync(built)) return built
  } catch {}
  return filename
}

if (dir) {
  const dlopen = process.dlopen
  process.dlopen = function dlopenForThisNode(module, filename, ...rest) {
    return dlopen.call(this, module, redirect(filename), ...rest)
  }
}
