/**
 * Writes to one AWS secret through one client run one at a time in this
 * process. Across processes, compare-and-set still rests on AWS refusing a
 * ClientRequestToken that is in use with other data (see _put.ts); this queue
 * only keeps the writers of one process from racing each other for a number.
 *
 * That saves the losing writers' retries (a `DescribeSecret` and a
 * `PutSecretValue` each, with backoff), keeps the metadata calls of
 * consecutive versions in order, and keeps a service whose `PutSecretValue`
 * is not atomic from being sent two writes of one secret at once by one
 * process (moto, the emulator the tests run against, checks the token and
 * stores the version without a lock, so two such writes can both succeed).
 * @module
 */

/** Per client (the user's SecretsManagerClient), per AWS secret name: the last queued write. */
const queues = new WeakMap<object, Map<string, Promise<void>>>()

/**
 * Runs `write` after every write queued before it for the same client and AWS
 * name has settled, fulfilled or rejected.
 * @param client the client the write goes through: writes through other clients are not queued
 */
export async function queueWrite<T>(
  client: object,
  awsName: string,
  write: () => Promise<T>,
): Promise<T> {
  let byName = queues.get(client)
  if (byName === undefined) {
    byName = new Map()
    queues.set(client, byName)
  }
  const before = byName.get(awsName) ?? Promise.resolve()
  let release!: () => void
  const done = new Promise<void>((resolve) => {
    release = resolve
  })
  // `before` only ever resolves: it is an earlier write's `done`, never its result.
  const tail = before.then(() => done)
  byName.set(awsName, tail)
  try {
    await before
    return await write()
  } finally {
    release()
    if (byName.get(awsName) === tail) byName.delete(awsName)
  }
}
