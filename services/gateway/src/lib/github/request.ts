// A stopgap REST transport until @gwm/github's Octokit factory exists: one function, fetch,
// GitHub's headers, a deadline. Failures become GitHubFailure for errors.ts to translate.

export interface GitHubResponse<T> {
  status: number
  data: T
  headers: Headers
}

/** A non-2xx answer from GitHub (or no answer: status 0). */
export class GitHubFailure extends Error {
  readonly status: number
  readonly headers: Headers
  readonly body: { message?: string; errors?: Array<{ message?: string }> } | null
  constructor(status: number, message: string, headers: Headers, body: GitHubFailure['body']) {
    super(message)
    this.name = 'GitHubFailure'
    this.status = status
    this.headers = headers
    this.body = body
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  query?: Record<string, string | number | undefined>
  body?: unknown
  /** Sends If-None-Match: a 304 comes back as status 304 with data null. */
  etag?: string
  timeoutMs?: number
}

export async function githubRequest<T>(apiUrl: string, token: string, path: string, options: RequestOptions = {}): Promise<GitHubResponse<T>> {
  const url = new URL(`${apiUrl}${path}`)
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value))
  }
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'user-agent': 'github-webhook-manager',
    'x-github-api-version': '2022-11-28',
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.etag) headers['if-none-match'] = options.etag
  let res: Response
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
  } catch (error) {
    throw new GitHubFailure(0, error instanceof Error ? error.message : String(error), new Headers(), null)
  }
  if (res.status === 304) return { status: 304, data: null as T, headers: res.headers }
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (res.status >= 400) {
    const body = (data && typeof data === 'object' ? data : null) as GitHubFailure['body']
    throw new GitHubFailure(res.status, body?.message ?? res.statusText, res.headers, body)
  }
  return { status: res.status, data: data as T, headers: res.headers }
}

/** The page number of rel="next" in a Link header, or null. */
export function nextPageOf(headers: Headers): number | null {
  const next = /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1]
  if (!next) return null
  const page = new URL(next).searchParams.get('page')
  return page ? Number(page) : null
}

/** The URL of rel="next" in a Link header (cursor paging), or null. */
export function nextLinkOf(headers: Headers): string | null {
  return /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1] ?? null
}
