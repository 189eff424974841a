/**
 * The resolver: scanning cost per KB of hostile near-placeholder strings at
 * 10 KiB and 1 MiB (linear scanning keeps the ratio near 1), and a config of
 * 1000 references to 300 names resolved with one batched read beside 1000
 * sequential `get` calls.
 */
import { pathToFileURL } from 'node:url'
import { measure, printRatios } from '@secrets/bench-kit'
import {
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryBackend,
  resolveConfig,
} from '../src/index.js'

const SMALL = 10 * 1024
const LARGE = 1024 * 1024

/** Strings that look like references without being valid ones. */
const SHAPES: Record<string, string> = {
  '"${SECRET" repeated': '${SECRET',
  '"$${SECRET:x}" (escapes)': '$${SECRET:x}',
  '"$"x64 then "{SECRET:"': `${'$'.repeat(64)}{SECRET:`,
  '"{SECRET:" without "$"': '{SECRET:',
  '"$${" runs': '$${$${$$',
}

function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
}

/** Prints both resolver tables. */
export async function benchResolver(): Promise<void> {
  const keyring = Keyring.fromKeys({ keys: { bench: generateMasterKey() } })
  // A sink that keeps nothing, so memory stays flat; audit dispatch is still measured.
  const audit = { write() {} }
  const secrets = createSecrets({ backend: memoryBackend(), keyring, audit }).scope({
    tenant: 'acme',
  })
  const ctx = { secrets, accessor: 'bench', reason: 'bench' }

  const rows = []
  for (const [shape, unit] of Object.entries(SHAPES)) {
    const small = { value: fill(unit, SMALL) }
    const large = { value: fill(unit, LARGE) }
    const rates = await measure(
      [
        { name: 'small', run: () => resolveConfig(small, ctx) },
        { name: 'large', run: () => resolveConfig(large, ctx) },
      ],
      5,
      100,
    )
    const perKb = (name: string, bytes: number) => 1e6 / rates.get(name)! / (bytes / 1024)
    const small1 = perKb('small', SMALL)
    const large1 = perKb('large', LARGE)
    rows.push({
      string: shape,
      'µs/KB at 10 KiB': small1.toFixed(3),
      'µs/KB at 1 MiB': large1.toFixed(3),
      'ratio 1 MiB / 10 KiB': (large1 / small1).toFixed(2),
    })
  }
  console.log('\nresolveConfig on one near-placeholder string: time per KB (1.00 = linear)')
  console.table(rows)

  const names = Array.from({ length: 300 }, (_, i) => `SERVICE_${i}/token`)
  for (const [i, name] of names.entries()) await secrets.set(name, `value-${i}-${'x'.repeat(32)}`)
  const uses = Array.from({ length: 1000 }, (_, i) => names[(i * 7) % 300]!)
  const config = {
    services: uses.map((name, i) => ({ id: i, env: { TOKEN: `\${SECRET:${name}}` } })),
  }
  const sequential = async () => {
    for (const name of uses) await secrets.get(name, { accessor: 'bench', reason: 'bench' })
  }
  const rates = await measure(
    [
      { name: '1000 sequential get (baseline)', run: sequential },
      { name: 'resolveConfig, 1000 refs / 300 names', run: () => resolveConfig(config, ctx) },
    ],
    5,
    300,
  )
  printRatios(
    'A config of 1000 references to 300 names on the memory backend (audited, uncached)',
    rates,
    '1000 sequential get (baseline)',
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await benchResolver()
