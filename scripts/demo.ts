// `npm run demo`: the scripted tour against a running `npm start`.
// `npm run demo -- --github-app`: the GitHub App mode tour, against `npm start -- --github-app`.
import { join } from 'node:path'
import { runAppTour } from './demo/app-tour.ts'
import { WrongModeError } from './demo/steps.ts'
import { runTour } from './demo/tour.ts'
import { localSetting } from './stack/local-env.ts'
import { stackPorts } from './stack/ports.ts'

const ports = stackPorts()
const urls = { gateway: `http://localhost:${ports.gateway}`, github: `http://127.0.0.1:${ports.github}`, platform: `http://127.0.0.1:${ports.platform}` }
const log = (step: string) => console.log(`• ${step}`)
const githubApp = process.argv.includes('--github-app')

try {
  if (githubApp) {
    const platformToken = localSetting(join(import.meta.dirname, '..'), 'PLATFORM_API_TOKEN')
    if (!platformToken) throw new Error('no PLATFORM_API_TOKEN: set it as the stack has it (the environment, .env, or .data/local-secrets.json that npm start writes)')
    const result = await runAppTour(urls, { platformToken }, log)
    console.log(`\nDone: ${result.pushedSha.slice(0, 7)} was requested for deployment through installation ${result.installationId}, its code was fetched with a token for ${result.accessToken.repository?.fullName ?? 'the repository'} alone, and GitHub shows Deployment ${result.reported.deployment.id} of it live at ${result.reported.environment.url}. Open http://localhost:${ports.platform}/ to see the callback.`)
  } else {
    const result = await runTour(urls, log)
    console.log(`\nDone: ${result.pushedSha.slice(0, 7)} was requested for deployment. Open http://localhost:${ports.platform}/ to see the callback.`)
  }
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  if (!(error instanceof WrongModeError)) console.error(`Is the stack running? Start it with \`npm start${githubApp ? ' -- --github-app' : ''}\` in another terminal.`)
  process.exit(1)
}
