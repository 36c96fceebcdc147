/** The local stack's ports; each can be moved with an env variable (the e2e test does). */
export interface StackPorts {
  gateway: number
  ingest: number
  worker: number
  github: number
  platform: number
}

export function stackPorts(env: NodeJS.ProcessEnv = process.env): StackPorts {
  const port = (name: string, fallback: number) => Number(env[name] || fallback)
  return {
    gateway: port('GATEWAY_PORT', 8000),
    ingest: port('INGEST_PORT', 8001),
    worker: port('WORKER_PORT', 8002),
    github: port('GITHUB_SIM_PORT', 9000),
    platform: port('PLATFORM_PORT', 9001),
  }
}
