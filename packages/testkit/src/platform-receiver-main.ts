// The platform receiver on its own, for the local stack: PORT (9001), HOST (127.0.0.1),
// DEPLOY_PLATFORM_SECRET (the worker's signing secret). Browse http://127.0.0.1:9001/.
import { createPlatformReceiver } from './platform-receiver.ts'

const secret = process.env.DEPLOY_PLATFORM_SECRET
if (!secret) {
  console.error('platform-receiver: DEPLOY_PLATFORM_SECRET is missing (expected the whsec_… secret the worker signs with)')
  process.exit(78)
}
const receiver = await createPlatformReceiver({ secret, port: Number(process.env.PORT ?? 9001), host: process.env.HOST ?? '127.0.0.1' })
console.log(JSON.stringify({ level: 30, service: 'platform-receiver', msg: `listening on ${receiver.url} (what it received: http://127.0.0.1:${receiver.port}/)` }))

const stop = async () => {
  await receiver.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
