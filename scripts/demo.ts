// `npm run demo`: the scripted tour against a running `npm start`.
import { stackPorts } from './stack/ports.ts'
import { runTour } from './demo/tour.ts'

const ports = stackPorts()
try {
  const result = await runTour(
    { gateway: `http://localhost:${ports.gateway}`, github: `http://127.0.0.1:${ports.github}`, platform: `http://127.0.0.1:${ports.platform}` },
    (step) => console.log(`• ${step}`),
  )
  console.log(`\nDone: ${result.pushedSha.slice(0, 7)} was requested for deployment. Open http://localhost:${ports.platform}/ to see the callback.`)
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  console.error('Is the stack running? Start it with `npm start` in another terminal.')
  process.exit(1)
}
