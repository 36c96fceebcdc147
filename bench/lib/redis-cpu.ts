import type { createRedis } from '../../packages/queue/src/index.ts'

type Redis = ReturnType<typeof createRedis>

/** CPU seconds the Redis server has used so far (INFO cpu, user + system: every client's work). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu')
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return field('used_cpu_user') + field('used_cpu_sys')
}
