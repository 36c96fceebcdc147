import { tracingStarted } from './state.ts'

/**
 * Tracing is on when an OTLP endpoint is named (OTEL_EXPORTER_OTLP_ENDPOINT, or its traces-only
 * form) or an exporter is chosen (OTEL_TRACES_EXPORTER other than none), and OTEL_SDK_DISABLED is
 * not true: the OpenTelemetry SDK then reads the rest of the standard OTEL_* variables itself.
 */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean)
  if (exporters.length > 0) return !exporters.includes('none')
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
}

/**
 * Starts the OpenTelemetry SDK for a service, when tracing is wanted. Each service's main.ts
 * awaits it before it imports anything else, so the instrumentations patch the libraries
 * (http, ioredis, pg) before they load. Off, it loads nothing: the SDK is imported only here.
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!tracingWanted(env)) return
  // ioredis is CommonJS imported from our ES modules, which require hooks never see: an import
  // hook lets its instrumentation in (that one module only; older Nodes trace without Redis spans).
  const iitm = await import('import-in-the-middle/register-hooks.mjs')
  if (iitm.supportsSyncHooks()) iitm.register({ include: ['ioredis'] })
  const { startSdk } = await import('./sdk.ts')
  tracingStarted(startSdk(service, env))
}
