import { execFileSync } from 'node:child_process'
import t from 'tap'
import { tracingWanted } from '../src/tracing/start.ts'

// Tracing is chosen by the standard OpenTelemetry variables alone; off, the SDK is never loaded.

t.test('which variables turn tracing on', async (t) => {
  const cases: Array<[NodeJS.ProcessEnv, boolean, string]> = [
    [{}, false, 'nothing set: off'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false, 'an empty endpoint: off'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true, 'an endpoint: on'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true, 'a traces endpoint: on'],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true, 'an exporter chosen (the default endpoint): on'],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true, 'the console exporter: on'],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false, 'exporter none wins over an endpoint'],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false, 'OTEL_SDK_DISABLED=true wins'],
    [{ OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true, 'OTEL_SDK_DISABLED=false changes nothing'],
    [{ OTEL_SERVICE_NAME: 'gwm', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, false, 'other OTEL_* variables alone: off'],
  ]
  for (const [env, on, why] of cases) t.equal(tracingWanted(env), on, why)
})

/** Starts tracing in a fresh process with this environment and lists the OpenTelemetry modules it loaded. */
function loadedModules(env: NodeJS.ProcessEnv): string[] {
  const script = `
    import { registerHooks } from 'node:module'
    const loaded = []
    registerHooks({ resolve: (specifier, context, next) => { const found = next(specifier, context); loaded.push(found.url); return found } })
    const { startTracing } = await import(${JSON.stringify(new URL('../src/tracing/start.ts', import.meta.url).href)})
    await startTracing('test', process.env)
    console.log(JSON.stringify(loaded.filter((url) => /opentelemetry|tracing\\/sdk\\.ts|import-in-the-middle/.test(url))))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[]
}

t.test('off, nothing of OpenTelemetry is loaded; on, the SDK is', async (t) => {
  t.same(loadedModules({}), [], 'no OTEL_* variable: no OpenTelemetry module')
  const on = loadedModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_BSP_SCHEDULE_DELAY: '60000' })
  t.ok(on.some((url) => url.includes('/sdk-node/')), 'with an endpoint: the SDK')
})
