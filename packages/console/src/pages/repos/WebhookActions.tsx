import { call } from '@gwm/api-client'
import { useState } from 'preact/hooks'
import { api } from '../../api.ts'
import { dateTime } from '../../lib/format.ts'
import { useAction } from '../../lib/use-action.ts'
import { ActionButton } from './ActionButton.tsx'
import type { repoActions } from './repo-state.ts'

interface Props {
  owner: string
  repo: string
  allowed: ReturnType<typeof repoActions>
  onChange: () => void
}

/** Ping, rotate the secret, redeliver what failed, disconnect: what can be done to a connected repository. */
export function WebhookActions({ owner, repo, allowed, onChange }: Props) {
  const path = { params: { path: { owner, repo } } }
  const ping = useAction(() => call(api.POST('/api/repos/{owner}/{repo}/webhook/ping', { ...path, body: {} })), onChange)
  const rotate = useAction(() => call(api.POST('/api/repos/{owner}/{repo}/webhook/rotate-secret', { ...path, body: {} })))
  const redeliver = useAction(() => call(api.POST('/api/repos/{owner}/{repo}/webhook/redeliver-failed', { ...path, body: {} })))
  const disconnect = useAction(() => call(api.DELETE('/api/repos/{owner}/{repo}/webhook', { ...path, body: {} })), onChange)
  const [confirming, setConfirming] = useState(false)

  return (
    <div class="actions">
      {allowed.ping && <ActionButton action={ping} label="Ping" done={() => 'GitHub is sending a ping.'} />}
      {allowed.rotate && <ActionButton action={rotate} label="Rotate secret" done={(result) => `New secret since ${dateTime(result.rotatedAt)}${result.previousSecretValidUntil ? `; the old one works until ${dateTime(result.previousSecretValidUntil)}` : ''}.`} />}
      {allowed.redeliver && (
        <ActionButton action={redeliver} label="Redeliver failed" done={(result) => `${result.redelivered.length} redelivered${result.errors.length ? `, ${result.errors.length} refused by GitHub` : ''}.`} />
      )}
      {allowed.disconnect && !confirming && <button type="button" class="button-danger" onClick={() => setConfirming(true)}>Disconnect</button>}
      {allowed.disconnect && confirming && (
        <fieldset class="confirm">
          <legend>Delete our webhook from {owner}/{repo}? Its events stop arriving.</legend>
          <ActionButton action={disconnect} label="Yes, disconnect" />
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </fieldset>
      )}
    </div>
  )
}
