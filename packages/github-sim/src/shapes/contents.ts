import { createHash } from 'node:crypto'
import { blobSha } from '../git.ts'
import type { Repo } from '../model.ts'
import type { Urls } from './account.ts'

/** A file or directory at a commit, as GET /repos/{o}/{r}/contents/{path} describes it. */
export type Entry = { type: 'file'; path: string; content: Buffer } | { type: 'dir'; path: string }

/** What is at `path` in a commit's files: a file, a directory's entries (in git's byte order), or null. */
export function lookupPath(files: Map<string, Buffer>, path: string): { file: Buffer } | { entries: Entry[] } | null {
  const clean = path.replace(/^\/+|\/+$/g, '')
  if (clean !== '') {
    const file = files.get(clean)
    if (file) return { file }
  }
  const prefix = clean === '' ? '' : `${clean}/`
  const entries = new Map<string, Entry>()
  for (const [name, content] of files) {
    if (!name.startsWith(prefix)) continue
    const rest = name.slice(prefix.length)
    const slash = rest.indexOf('/')
    const child = `${prefix}${slash === -1 ? rest : rest.slice(0, slash)}`
    if (!entries.has(child)) entries.set(child, slash === -1 ? { type: 'file', path: child, content } : { type: 'dir', path: child })
  }
  if (entries.size === 0) return null
  return { entries: [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) }
}

/** A directory's id: derived from the commit and the path (the simulator keeps no tree objects). */
const treeSha = (commitSha: string, path: string): string => createHash('sha1').update(`tree ${commitSha}:${path}`).digest('hex')

function links(urls: Urls, repo: Repo, entry: Entry, ref: string, sha: string, rawUrl: string | null): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`
  const self = `${api}/contents/${encodeURI(entry.path)}?ref=${encodeURIComponent(ref)}`
  const git = `${api}/git/${entry.type === 'file' ? 'blobs' : 'trees'}/${sha}`
  const html = `${urls.web}/${repo.owner}/${repo.name}/${entry.type === 'file' ? 'blob' : 'tree'}/${encodeURIComponent(ref)}/${encodeURI(entry.path)}`
  return {
    name: entry.path.split('/').at(-1),
    path: entry.path,
    sha,
    size: entry.type === 'file' ? entry.content.length : 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url: entry.type === 'file' ? rawUrl : null,
    type: entry.type,
    _links: { self, git, html },
  }
}

/** A directory listing item ("content-directory"). */
export function directoryItem(urls: Urls, repo: Repo, entry: Entry, ref: string, commitSha: string, rawUrl: (path: string) => string): Record<string, unknown> {
  const sha = entry.type === 'file' ? blobSha(entry.content) : treeSha(commitSha, entry.path)
  return links(urls, repo, entry, ref, sha, entry.type === 'file' ? rawUrl(entry.path) : null)
}

/** A file ("content-file"): base64 content in lines of 60 characters, as GitHub sends it. */
export function fileShape(urls: Urls, repo: Repo, path: string, content: Buffer, ref: string, rawUrl: string): Record<string, unknown> {
  const base64 = content.toString('base64').replace(/.{60}/g, '$&\n')
  return {
    ...links(urls, repo, { type: 'file', path, content }, ref, blobSha(content), rawUrl),
    content: base64.endsWith('\n') || base64 === '' ? base64 : `${base64}\n`,
    encoding: 'base64',
  }
}
