import { readFile } from 'node:fs/promises'
import t from 'tap'
import { REGENERATE, SCHEMA_FILE, schemaSource } from '../scripts/schema-source.ts'
import { servedDocument } from '../scripts/served-document.ts'

/** The first line where two texts differ (1-based), or null when they are the same. */
function firstDifference(a: string, b: string): { line: number; checkedIn: string; served: string } | null {
  const left = a.split('\n')
  const right = b.split('\n')
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return { line: i + 1, checkedIn: left[i] ?? '(end of file)', served: right[i] ?? '(end of file)' }
  }
  return null
}

t.test('the checked-in client types are those of the document the gateway serves', async (t) => {
  const served = await schemaSource(await servedDocument(t))
  const checkedIn = await readFile(SCHEMA_FILE, 'utf8')
  t.same(firstDifference(checkedIn, served), null, `src/schema.d.ts matches /openapi.json (else run \`${REGENERATE}\`)`)
})

t.test('the types name every operation by its operationId', async (t) => {
  const document = await servedDocument(t)
  const source = await schemaSource(document)
  const paths = document.paths as Record<string, Record<string, { operationId?: string }>>
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (method === 'parameters') continue
      t.ok(operation.operationId, `${method} ${path} has an operationId`)
      if (operation.operationId) t.match(source, `${method}: operations["${operation.operationId}"]`, `${method} ${path} is typed as ${operation.operationId}`)
    }
  }
})
