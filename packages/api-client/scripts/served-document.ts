import type { TestLike } from '@gwm/testkit'
import { gatewayInProcess } from './gateway-in-process.ts'

/** The OpenAPI document the gateway serves at /openapi.json, from the gateway built in this process. */
export async function servedDocument(t: TestLike): Promise<Record<string, unknown>> {
  const app = await gatewayInProcess(t)
  const res = await app.inject('/openapi.json')
  if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}: ${res.body}`)
  return res.json()
}
