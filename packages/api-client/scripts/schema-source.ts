import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

/** Where the generated types are checked in, and what regenerates them. */
export const SCHEMA_FILE = new URL('../src/schema.d.ts', import.meta.url)
export const REGENERATE = 'npm run generate:api-client'

const HEADER = `// Generated from the gateway's /openapi.json by packages/api-client/scripts/generate.ts.
// Do not edit: change the gateway's route schemas, then run \`${REGENERATE}\`.
`

/** The TypeScript types of an OpenAPI document, as the checked-in file holds them. */
export async function schemaSource(document: Record<string, unknown>): Promise<string> {
  // The document has no remote references: nothing to fetch, nothing read from disk.
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: true })
  return `${HEADER}\n${astToString(ast)}`
}
