import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'

/**
 * A gzipped tar of a commit's files under one top directory (`{owner}-{repo}-{shortsha}/`, as
 * GitHub's tarballs): directories 0755, files 0644, in byte order, every entry dated with the commit.
 */
export async function buildTarball(top: string, files: Map<string, Buffer>, mtime: Date): Promise<Buffer> {
  const dirs = new Set<string>()
  for (const path of files.keys()) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  const entries = [...[...dirs].map((path) => ({ path: `${path}/`, content: null })), ...[...files].map(([path, content]) => ({ path, content }))]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const tar = pack()
  const chunks: Buffer[] = []
  tar.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer)
  })
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve)
    tar.on('error', reject)
  })
  tar.entry({ name: `${top}/`, type: 'directory', mode: 0o755, mtime })
  for (const entry of entries) {
    if (entry.content === null) tar.entry({ name: `${top}/${entry.path}`, type: 'directory', mode: 0o755, mtime })
    else tar.entry({ name: `${top}/${entry.path}`, type: 'file', mode: 0o644, mtime }, entry.content)
  }
  tar.finalize()
  await done
  return gzipSync(Buffer.concat(chunks))
}
