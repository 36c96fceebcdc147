import { parseArgs } from 'node:util'
import { UsageError } from './usage-error.ts'

const USAGE = 'usage: npm run send -- <event> [--action A] [--repo owner/name] [--file payload.json] [--url http://localhost:PORT]'

export interface SendArgs {
  event: string
  action?: string
  /** owner/name: the payload's repository is rewritten to it. */
  repo?: string
  /** A payload of one's own instead of an example. */
  file?: string
  /** The ingest; the local stack's when absent. */
  url?: string
}

const REPO = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/

export function readArgs(argv: string[]): SendArgs {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`)
  }
  const { values, positionals } = parsed
  const [event, ...extra] = positionals
  if (event === undefined) throw new UsageError(`name the event to send (push, pull_request, ...)\n${USAGE}`)
  if (extra.length > 0) throw new UsageError(`one event at a time: "${extra.join(' ')}" is left over\n${USAGE}`)
  if (values.repo !== undefined && !REPO.test(values.repo)) throw new UsageError(`--repo "${values.repo}" is not owner/name`)
  if (values.url !== undefined && !URL.canParse(values.url)) throw new UsageError(`--url "${values.url}" is not a URL (http://localhost:8001)`)
  return { event, ...values }
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { action: { type: 'string' }, repo: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' } },
  })
