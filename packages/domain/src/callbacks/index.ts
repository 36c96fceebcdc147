export { type RequestDetails, requestDetails } from './details.ts'
export { CALLBACK_BODIES, CALLBACK_SCHEMA_VERSION, type DeploymentCallbackData } from './schema.ts'
export { callbackBodyProblems } from './check.ts'
