export * from './fields.ts'
export * from './parse-env.ts'
export * from './services.ts'
