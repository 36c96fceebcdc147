export * from './entities/index.ts'
export * from './orm.ts'
export { MikroORM, type EntityManager } from '@mikro-orm/postgresql'
export * from './rules/index.ts'
