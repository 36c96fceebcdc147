import { call } from '@gwm/api-client'
import { useState } from 'preact/hooks'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { instantOf, localInputValue } from '../../lib/local-time.ts'
import { useAction } from '../../lib/use-action.ts'

/** Re-sends every failed deployment request of a repository since a time (bounded per call; again for more). */
export function ReplayFailedForm({ fullName, onDone }: { fullName: string; onDone: () => void }) {
  const [owner = '', repo = ''] = fullName.split('/')
  // A day back by default: what a failed night of deploys needs.
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 86_400_000)))
  const instant = instantOf(since)
  const valid = instant !== null
  const replay = useAction(() => call(api.POST('/api/repos/{owner}/{repo}/replay-failed', {
    params: { path: { owner, repo } },
    body: { since: instant ?? '' },
  })), onDone)
  const submit = (event: Event) => {
    event.preventDefault()
    if (valid) void replay.run()
  }
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`Replay failed requests of ${fullName}`}>
      <p class="muted form-intro">Re-send every deployment request of {fullName} that failed since a time (at most 100 at once).</p>
      <div class="field">
        <label for="replay-failed-since">Failed since</label>
        <input id="replay-failed-since" type="datetime-local" value={since} required onInput={(event) => setSince(event.currentTarget.value)} aria-invalid={valid ? undefined : true} />
      </div>
      <button type="submit" disabled={replay.busy || !valid}>Replay failed</button>
      {!valid && <p class="field-problem">Give a date and time.</p>}
      {replay.result && (
        <p role="status">
          {replay.result.queued === 0 ? 'No failed request to replay since then.' : `${replay.result.queued} failed ${replay.result.queued === 1 ? 'request' : 'requests'} re-sent.`}
          {replay.result.more ? ' More remain: press Replay failed again.' : ''}
        </p>
      )}
      {replay.error && <ErrorNotice error={replay.error} onRetry={replay.run} />}
    </form>
  )
}
