// The parts of GitHub's REST answers the gateway reads (GitHub's own field names).

export interface GhAccount {
  id: number
  login: string
  name?: string | null
  email?: string | null
  avatar_url?: string | null
  html_url?: string
  company?: string | null
  blog?: string | null
  location?: string | null
  bio?: string | null
  public_repos?: number
  followers?: number
  following?: number
  created_at?: string
}

export interface GhRepo {
  id: number
  name: string
  full_name: string
  owner: { login: string }
  private: boolean
  default_branch?: string
  html_url: string
  description?: string | null
  archived?: boolean
  pushed_at?: string | null
  updated_at?: string | null
  permissions?: { admin: boolean; maintain?: boolean; push: boolean; triage?: boolean; pull: boolean }
}

export interface GhCommit {
  sha: string
  html_url: string
  commit: {
    message: string
    author: { name?: string; email?: string; date?: string } | null
    committer: { name?: string; email?: string; date?: string } | null
  }
  author: { login: string; avatar_url?: string } | null
}

export interface GhHook {
  id: number
  active: boolean
  events: string[]
  config: { url?: string; content_type?: string; insecure_ssl?: string | number; secret?: string }
  created_at?: string
  updated_at?: string
  last_response?: { code: number | null; status: string | null; message: string | null }
}

export interface GhDelivery {
  id: number
  guid: string
  delivered_at: string
  redelivery: boolean
  duration: number
  status: string
  status_code: number
  event: string
  action: string | null
}

/** One page of a list, and whether GitHub's Link header names a next one. */
export interface GhPage<T> {
  items: T[]
  nextPage: number | null
}

export interface GhHookInput {
  url: string
  secret: string
  events: readonly string[]
}
