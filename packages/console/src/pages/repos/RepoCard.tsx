import type { ResponseBody } from '@gwm/api-client'
import { useState } from 'preact/hooks'
import { Link } from '../../routing/Link.tsx'
import { ConnectButton } from './ConnectButton.tsx'
import { DeployRules } from './DeployRules.tsx'
import { Environments } from './Environments.tsx'
import { HookHealth } from './HookHealth.tsx'
import { connectionText, repoActions } from './repo-state.ts'
import { WebhookActions } from './WebhookActions.tsx'

type Repo = ResponseBody<'listUserRepos'>['repos'][number]

/** One repository: its connection state, what can be done to it, and (on demand) its hook, environments and rules. */
export function RepoCard({ repo, onChange }: { repo: Repo; onChange: () => void }) {
  const [open, setOpen] = useState(false)
  const allowed = repoActions(repo)
  const { owner, name } = repo
  const detailsId = `repo-details-${repo.id}`
  return (
    <li class="card">
      <h2>{repo.fullName}</h2>
      {repo.description && <p class="muted">{repo.description}</p>}
      <p class={repo.connected ? 'state state-good' : 'state'}>{connectionText(repo)}</p>
      {!repo.permissions.admin && <p class="muted">You need admin rights on this repository on GitHub to connect it.</p>}
      <div class="actions">
        {allowed.connect && <ConnectButton owner={owner} repo={name} onDone={onChange} />}
        <WebhookActions owner={owner} repo={name} allowed={allowed} onChange={onChange} />
        {repo.connected && <Link href={`/events?${new URLSearchParams({ repo: repo.fullName })}`}>Events of {repo.fullName}</Link>}
        <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Details'}
        </button>
      </div>
      {open && (
        <div id={detailsId} class="details">
          {allowed.ping && <HookHealth owner={owner} repo={name} />}
          <Environments owner={owner} repo={name} />
          {repo.permissions.admin && <DeployRules owner={owner} repo={name} />}
        </div>
      )}
    </li>
  )
}
