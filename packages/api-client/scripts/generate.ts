// Regenerates src/schema.d.ts from the document the gateway serves. Needs a Postgres and a
// Redis as the tests do (TEST_DATABASE_URL / TEST_REDIS_URL, else the local ones).
import { writeFile } from 'node:fs/promises'
import { schemaSource, SCHEMA_FILE } from './schema-source.ts'
import { servedDocument } from './served-document.ts'

const teardowns: Array<() => unknown> = []
try {
  const source = await schemaSource(await servedDocument({ teardown: (fn) => void teardowns.push(fn) }))
  await writeFile(SCHEMA_FILE, source)
  console.log(`wrote ${SCHEMA_FILE.pathname}`)
} finally {
  for (const teardown of teardowns.reverse()) await teardown()
}
