/**
 * The backends `SECRETS_BACKEND` can name. Each is one entry: its name and
 * aliases, its variables (validated with everything else, so that one error
 * lists every problem), what to install, and how to open it, which is the
 * adapter's own `…FromEnv`. A new backend is one more entry here and one
 * optional peer dependency.
 * @module
 */
import type { EnvBackend, EnvSource } from '@secrets/core'
import { memoryBackend } from '@secrets/core'
import { z } from 'zod'
import { flag, optionalText, pathPrefix, requiredText, url } from './_fields.js'

/** Loads an adapter package; the default imports it (tests and bundlers may pass their own). */
export type AdapterLoader = (specifier: AdapterPackage) => Promise<unknown>

/** The adapter packages a backend can need. */
export type AdapterPackage =
  | '@secrets/kysely'
  | '@secrets/mongodb'
  | '@secrets/vault'
  | '@secrets/aws-secrets-manager'
  | '@secrets/gcp-secret-manager'

/** One backend `SECRETS_BACKEND` can name. */
export interface BackendDefinition {
  /** The name `SECRETS_BACKEND` takes. */
  name: string
  /** Other accepted names. */
  aliases: readonly string[]
  /** The adapter package, or null for one built into core. */
  package: AdapterPackage | null
  /** The install command that adds what it needs. */
  install: string
  /** Keeps audit events in a table or collection of its own (`SECRETS_AUDIT=table`). */
  auditTable: boolean
  /** Its variables. */
  variables: z.ZodObject
  /** Whether it stores envelopes (so a master key is required), given the environment. */
  envelopes(env: EnvSource): boolean
  /** Opens it from the (alias-resolved) environment. */
  open(env: EnvSource, load: AdapterLoader): Promise<EnvBackend>
}

const sqlDialects = {
  sqlite: { schemes: null, driver: 'better-sqlite3' },
  postgres: { schemes: ['postgres', 'postgresql'], driver: 'pg' },
  mysql: { schemes: ['mysql', 'mariadb'], driver: 'mysql2' },
} as const

type KyselyModule = typeof import('@secrets/kysely')

function sqlBackend(dialect: keyof typeof sqlDialects, aliases: string[]): BackendDefinition {
  const { schemes, driver } = sqlDialects[dialect]
  return {
    name: dialect,
    aliases,
    package: '@secrets/kysely',
    install: `npm install @secrets/kysely kysely ${driver}`,
    auditTable: true,
    variables: z.object({
      SECRETS_DATABASE_URL:
        schemes === null
          ? optionalText().pipe(
              z
                .string()
                .regex(/^(?!\w[\w+.-]*:\/\/)/, {
                  error: 'must be file:PATH (or a path) for SQLite',
                })
                .optional(),
            )
          : url(schemes, `the ${dialect} backend needs its database URL`),
      SECRETS_TABLE_PREFIX: optionalText().pipe(
        z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,31}$/, { error: 'must be lowercase letters, digits and _' })
          .optional(),
      ),
    }),
    envelopes: () => true,
    open: async (env, load) =>
      ((await load('@secrets/kysely')) as KyselyModule).kyselyBackendFromEnv(env, dialect),
  }
}

const isOn = (flag: string | undefined) => flag === '1' || flag === 'true'

/** Every backend, in the order the docs list them. */
export const BACKENDS: readonly BackendDefinition[] = [
  sqlBackend('sqlite', []),
  sqlBackend('postgres', ['postgresql', 'pg']),
  sqlBackend('mysql', ['mariadb']),
  {
    name: 'memory',
    aliases: [],
    package: null,
    install: '',
    auditTable: false,
    variables: z.object({}),
    envelopes: () => true,
    open: async () => ({ backend: memoryBackend(), close: async () => {} }),
  },
  {
    name: 'mongodb',
    aliases: ['mongo'],
    package: '@secrets/mongodb',
    install: 'npm install @secrets/mongodb mongodb',
    auditTable: true,
    variables: z.object({
      SECRETS_MONGODB_URL: url(['mongodb', 'mongodb\\+srv'], 'the mongodb backend needs it'),
      SECRETS_MONGODB_DATABASE: optionalText(),
      SECRETS_MONGODB_PREFIX: optionalText(),
    }),
    envelopes: () => true,
    open: async (env, load) =>
      ((await load('@secrets/mongodb')) as typeof import('@secrets/mongodb')).mongoBackendFromEnv(
        env,
      ),
  },
  {
    name: 'hashicorp-vault',
    aliases: ['vault', 'openbao'],
    package: '@secrets/vault',
    install: 'npm install @secrets/vault node-vault',
    auditTable: false,
    variables: z.object({
      VAULT_ADDR: url(['http', 'https'], 'the Vault backend needs the server address'),
      VAULT_TOKEN: requiredText('the Vault backend needs a token'),
      VAULT_NAMESPACE: optionalText(),
      SECRETS_VAULT_MOUNT: optionalText(),
      SECRETS_VAULT_PREFIX: pathPrefix(),
      SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION: flag(),
    }),
    envelopes: (env) => isOn(env.SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION),
    open: async (env, load) =>
      ((await load('@secrets/vault')) as typeof import('@secrets/vault')).vaultBackendFromEnv(env),
  },
  {
    name: 'aws-secrets-manager',
    aliases: ['aws'],
    package: '@secrets/aws-secrets-manager',
    install: 'npm install @secrets/aws-secrets-manager @aws-sdk/client-secrets-manager',
    auditTable: false,
    variables: z.object({
      AWS_REGION: requiredText('the AWS backend needs a region (or set AWS_DEFAULT_REGION)'),
      SECRETS_AWS_PREFIX: pathPrefix(),
      SECRETS_AWS_CLIENT_SIDE_ENCRYPTION: flag(),
    }),
    envelopes: (env) => isOn(env.SECRETS_AWS_CLIENT_SIDE_ENCRYPTION),
    open: async (env, load) =>
      (
        (await load(
          '@secrets/aws-secrets-manager',
        )) as typeof import('@secrets/aws-secrets-manager')
      ).awsSecretsManagerBackendFromEnv(env),
  },
  {
    name: 'gcp-secret-manager',
    aliases: ['gcp'],
    package: '@secrets/gcp-secret-manager',
    install: 'npm install @secrets/gcp-secret-manager @google-cloud/secret-manager',
    auditTable: false,
    variables: z.object({
      GOOGLE_CLOUD_PROJECT: requiredText('the GCP backend needs the project id'),
      SECRETS_GCP_PREFIX: optionalText(),
      SECRETS_GCP_LOCATION: optionalText(),
      SECRETS_GCP_CLIENT_SIDE_ENCRYPTION: flag(),
    }),
    envelopes: (env) => isOn(env.SECRETS_GCP_CLIENT_SIDE_ENCRYPTION),
    open: async (env, load) =>
      (
        (await load('@secrets/gcp-secret-manager')) as typeof import('@secrets/gcp-secret-manager')
      ).gcpSecretManagerBackendFromEnv(env),
  },
]

/** Variables with a second spelling (from the seeds); both set and different is an error. */
export const ALIASES: ReadonlyArray<readonly [name: string, ...aliases: string[]]> = [
  ['SECRETS_BACKEND', 'SECRET_BACKEND', 'SECRETS_PROVIDER'],
  ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  ['SECRETS_VAULT_MOUNT', 'VAULT_MOUNT'],
  ['SECRETS_VAULT_PREFIX', 'VAULT_PATH_PREFIX'],
  ['GOOGLE_CLOUD_PROJECT', 'GCP_PROJECT_ID'],
  ['SECRETS_GCP_PREFIX', 'GCP_SECRET_PREFIX'],
]

/** The backend a `SECRETS_BACKEND` value names, if any. */
export function findBackend(name: string): BackendDefinition | undefined {
  const wanted = name.trim().toLowerCase()
  return BACKENDS.find((b) => b.name === wanted || b.aliases.includes(wanted))
}

/** Imports an adapter package by its literal name (so bundlers see every import). */
export const importAdapter: AdapterLoader = (specifier) => {
  switch (specifier) {
    case '@secrets/kysely':
      return import('@secrets/kysely')
    case '@secrets/mongodb':
      return import('@secrets/mongodb')
    case '@secrets/vault':
      return import('@secrets/vault')
    case '@secrets/aws-secrets-manager':
      return import('@secrets/aws-secrets-manager')
    case '@secrets/gcp-secret-manager':
      return import('@secrets/gcp-secret-manager')
  }
}
