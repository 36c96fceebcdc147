import { gunzipSync } from 'node:zlib'

/** The files of a gzipped tar (ustar, with GNU long names), path → content. Enough for a repository tarball. */
function readTarGz(gzipped: Uint8Array): Map<string, Buffer> {
  const tar = gunzipSync(gzipped)
  const files = new Map<string, Buffer>()
  const text = (start: number, length: number) => tar.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '')
  let longName: string | undefined
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = offset
    if (tar.subarray(header, header + 512).every((byte) => byte === 0)) break
    const size = Number.parseInt(text(header + 124, 12).trim() || '0', 8)
    const type = text(header + 156, 1) || '0'
    const prefix = text(header + 345, 155)
    const name = longName ?? (prefix ? `${prefix}/${text(header, 100)}` : text(header, 100))
    const body = tar.subarray(header + 512, header + 512 + size)
    longName = undefined
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '')
    else if (type === '0' || type === '7') files.set(name, Buffer.from(body))
    offset = header + 512 + Math.ceil(size / 512) * 512
  }
  return files
}

/**
 * GET /repos/{owner}/{repo}/tarball/{ref} with a token, as a platform downloads a commit's code:
 * GitHub answers 302 to a short-lived download link (codeload), which needs no token itself.
 */
export async function downloadTarball(apiUrl: string, repo: string, ref: string, token: string): Promise<{ status: number; files?: Map<string, Buffer>; redirectedTo?: string }> {
  const res = await fetch(`${apiUrl}/repos/${repo}/tarball/${ref}`, { redirect: 'manual', headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' } })
  const location = res.headers.get('location')
  if (res.status !== 302 || !location) {
    await res.arrayBuffer()
    return { status: res.status }
  }
  const download = await fetch(new URL(location, apiUrl))
  if (!download.ok) throw new Error(`the tarball's download link answered ${download.status} ${await download.text()}`)
  return { status: res.status, files: readTarGz(new Uint8Array(await download.arrayBuffer())), redirectedTo: new URL(location, apiUrl).pathname }
}
