import { canAdminister } from '../apps/installations.ts'
import type { SimContext } from '../context.ts'
import type { Account, Delivery } from '../model.ts'
import { networkRepoOf } from '../network.ts'
import { findRepo, payloadContext, SimInputError } from './events.ts'
import { forkPayload } from './payloads.ts'

/** Someone forks a repository into their account (or an org they administer). */
export interface ForkInput {
  /** The repository to fork, "owner/name". */
  repo: string
  /** The user or org that gets the fork. */
  owner: string
  /** The fork's name (default: the repository's). */
  name?: string
  /** Copy only the default branch (GitHub's `default_branch_only`); default: every branch. */
  defaultBranchOnly?: boolean
  /** Who forks (default: `owner`, or an admin of the org `owner`). */
  sender?: string
}

export interface ForkResult {
  fullName: string
  id: number
  /** The fork's default branch head (null for an empty repository). */
  head: string | null
  deliveries: Delivery[]
}

/** Who forks into `owner`: the named user (who must be the owner or administer the org), else the owner or an org admin. */
function forker(ctx: SimContext, owner: Account, login?: string): Account {
  if (login !== undefined) {
    const user = ctx.store.account(login)
    if (user?.type !== 'User') throw new SimInputError(`no user "${login}"`)
    if (!canAdminister(user, owner)) throw new SimInputError(`${user.login} cannot fork into ${owner.login} (their own account, or an org they administer)`)
    return user
  }
  if (owner.type === 'User') return owner
  const admin = [...owner.members.entries()].find(([, role]) => role === 'admin')?.[0]
  const user = admin ? ctx.store.account(admin) : undefined
  if (!user) throw new SimInputError(`say which user forks into ${owner.login} ("sender")`)
  return user
}

/** Forks a repository (`fork: true`, `parent`, `source`) and sends `fork` to the repository's hooks. */
export async function fork(ctx: SimContext, input: ForkInput): Promise<ForkResult> {
  const parent = findRepo(ctx, input.repo)
  const fullName = `${parent.owner}/${parent.name}`
  if (typeof input.owner !== 'string') throw new SimInputError('a fork needs "owner": the user or org that gets it')
  const owner = ctx.store.account(input.owner)
  if (!owner || owner.type === 'Bot') throw new SimInputError(`no user or org "${input.owner}"`)
  const name = input.name ?? parent.name
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(name) || name === '.' || name === '..') throw new SimInputError('name must be a repository name (letters, digits, ".", "-", "_")')
  if (input.defaultBranchOnly !== undefined && typeof input.defaultBranchOnly !== 'boolean') throw new SimInputError('defaultBranchOnly must be true or false')
  const sender = forker(ctx, owner, input.sender)
  if (ctx.store.permission(sender.login, parent) === null) throw new SimInputError(`${sender.login} cannot see ${fullName}`)
  const existing = networkRepoOf(ctx.store, parent, owner.login)
  if (existing) throw new SimInputError(`${owner.login} already has ${existing === parent ? fullName : `a fork of ${fullName}: ${existing.owner}/${existing.name}`}`)
  if (ctx.store.repo(owner.login, name)) throw new SimInputError(`repository ${owner.login}/${name} already exists`)
  const created = ctx.store.addFork(parent, owner, name, input.defaultBranchOnly ?? false)
  const deliveries = await ctx.sender.dispatch(parent, 'fork', forkPayload(payloadContext(ctx, parent, sender), created, owner))
  return { fullName: `${created.owner}/${created.name}`, id: created.id, head: created.branches.get(created.defaultBranch) ?? null, deliveries }
}
