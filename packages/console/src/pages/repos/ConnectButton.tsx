import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { useAction } from '../../lib/use-action.ts'
import { ActionButton } from './ActionButton.tsx'
import { installUrlOf } from './repo-state.ts'

/**
 * Connect in one click: our webhook on the repository (OAuth App mode), or, in GitHub App
 * mode, the App's install page when the App does not cover the repository yet.
 */
export function ConnectButton({ owner, repo, onDone }: { owner: string; repo: string; onDone: () => void }) {
  const connect = useAction(() => call(api.POST('/api/repos/{owner}/{repo}/setup-webhook', { params: { path: { owner, repo } }, body: {} })), onDone)
  const installUrl = installUrlOf(connect.error)
  if (installUrl) {
    return (
      <span class="action">
        <a class="button button-primary" href={installUrl}>Install the GitHub App on {owner}/{repo}</a>
        <span class="muted"> then press </span>
        <button type="button" onClick={connect.run} disabled={connect.busy}>Connect</button>
      </span>
    )
  }
  return <ActionButton action={connect} label="Connect" primary done={(result) => ('mode' in result ? 'Connected through the GitHub App.' : `Connected (${result.outcome}).`)} />
}
