export * from './callback-type.ts'
export * from './derive-requests.ts'
export * from './environments.ts'
export * from './types.ts'
