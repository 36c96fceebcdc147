export * from './catalog.ts'
export * from './redis.ts'
export * from './queues.ts'
