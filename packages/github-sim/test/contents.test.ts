import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import t from 'tap'
import { extract } from 'tar-stream'
import { api, defaultAppJwt, startReceiver, startSim } from './helpers.ts'

/** Every entry of a gzipped tar: name -> content (directories: null). */
async function untar(body: Buffer): Promise<Map<string, Buffer | null>> {
  const entries = new Map<string, Buffer | null>()
  const reader = extract()
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer)
    })
    stream.on('end', () => {
      entries.set(header.name, header.type === 'directory' ? null : Buffer.concat(chunks))
      next()
    })
  })
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve)
    reader.on('error', reject)
    Readable.from(body).pipe(createGunzip()).pipe(reader)
  })
  return entries
}

t.test('contents: a file (base64), a directory, 404s; pushed file contents are what the API and the tarball give back', async (t) => {
  const sim = await startSim(t)
  const pushed = await sim.control.push({
    repo: 'octocat/hello-world',
    commits: [{ message: 'Add the app', files: { 'src/app.js': 'console.log("hi")\n', 'src/lib/util.js': 'export const one = 1\n', 'README.md': '# Hello\n' } }],
  })
  const file = await api(sim, '/repos/octocat/hello-world/contents/src/app.js', { token: 'octocat-token' })
  t.equal(file.status, 200)
  t.match(file.body, { type: 'file', encoding: 'base64', name: 'app.js', path: 'src/app.js', size: 18, sha: /^[0-9a-f]{40}$/ })
  t.equal(Buffer.from(file.body.content, 'base64').toString(), 'console.log("hi")\n')
  t.equal(file.body.sha, '1ac74b42183215c938310f9bd404c60ee49770d5', 'the blob id git gives the content')
  const raw = await fetch(file.body.download_url)
  t.equal(await raw.text(), 'console.log("hi")\n', 'download_url serves the bytes (public repository)')
  const rawAccept = await api(sim, '/repos/octocat/hello-world/contents/README.md', { token: 'octocat-token', headers: { accept: 'application/vnd.github.raw+json' } })
  t.equal(rawAccept.body, '# Hello\n', 'Accept: application/vnd.github.raw gives the bytes')

  const dir = await api(sim, '/repos/octocat/hello-world/contents/src', { token: 'octocat-token' })
  t.same(dir.body.map((e: { path: string; type: string }) => [e.path, e.type]), [['src/app.js', 'file'], ['src/lib', 'dir']])
  const root = await api(sim, '/repos/octocat/hello-world/contents/', { token: 'octocat-token' })
  t.same(root.body.map((e: { name: string }) => e.name), ['README.md', 'hello.txt', 'src'])

  const before = await api(sim, `/repos/octocat/hello-world/contents/src/app.js?ref=${pushed.before}`, { token: 'octocat-token' })
  t.equal(before.status, 404, 'not there at the previous commit')
  const seeded = await api(sim, '/repos/octocat/hello-world/contents/hello.txt?ref=feature/shout', { token: 'octocat-token' })
  t.match(Buffer.from(seeded.body.content, 'base64').toString(), /^hello\.txt at [0-9a-f]{7}: SHOUT THE GREETING\n$/, 'seed files get a generated text')
  t.equal((await api(sim, '/repos/octocat/hello-world/contents/nope.txt', { token: 'octocat-token' })).status, 404)
  const badRef = await api(sim, '/repos/octocat/hello-world/contents/README.md?ref=nope', { token: 'octocat-token' })
  t.equal(badRef.status, 404)
  t.equal(badRef.body.message, 'No commit found for the ref nope')
  t.equal((await api(sim, '/repos/octocat/empty-repo/contents/README.md', { token: 'octocat-token' })).body.message, 'This repository is empty.')
  t.equal((await api(sim, '/repos/octocat/private-notes/contents/notes.md', { token: 'hubot-token' })).status, 404, 'a private repository hubot cannot see')

  const tarball = await api(sim, '/repos/octocat/hello-world/tarball/main', { token: 'octocat-token' })
  t.equal(tarball.status, 302)
  const location = tarball.headers.get('location')!
  t.equal(location, `${sim.url}/_codeload/octocat/hello-world/legacy.tar.gz/${pushed.after}`, 'public repositories: no token in the link')
  const download = await fetch(location)
  t.equal(download.headers.get('content-type'), 'application/x-gzip')
  t.equal(download.headers.get('content-disposition'), `attachment; filename=octocat-hello-world-${pushed.after.slice(0, 7)}.tar.gz`)
  const entries = await untar(Buffer.from(await download.arrayBuffer()))
  const top = `octocat-hello-world-${pushed.after.slice(0, 7)}/`
  t.same([...entries.keys()], [top, `${top}README.md`, `${top}hello.txt`, `${top}src/`, `${top}src/app.js`, `${top}src/lib/`, `${top}src/lib/util.js`])
  t.equal(entries.get(`${top}src/lib/util.js`)?.toString(), 'export const one = 1\n', 'the file\'s bytes')
  t.equal((await api(sim, '/repos/octocat/hello-world/tarball/', { token: 'octocat-token' })).headers.get('location'), location, 'no ref: the default branch')
  t.equal((await api(sim, '/repos/octocat/hello-world/tarball/nope', { token: 'octocat-token' })).status, 404)
})

t.test('a push can remove and change files; its payload lists them', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, content_type: 'json' }, events: ['push'] } })
  await sim.control.idle()
  const { after } = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'Tidy', files: { 'hello.txt': null, 'README.md': 'new text\n', 'docs/a.md': 'a\n' } }] })
  const payload = JSON.parse(receiver.received.at(-1)!.body)
  t.match(payload.head_commit, { id: after, added: ['docs/a.md'], removed: ['hello.txt'], modified: ['README.md'] })
  const root = await api(sim, `/repos/octocat/hello-world/contents/?ref=${after}`, { token: 'octocat-token' })
  t.same(root.body.map((e: { name: string }) => e.name), ['README.md', 'docs'], 'git\'s byte order')
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'x', files: { '../etc/passwd': 'x' } }] }), /commit files has an invalid path/)
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'x', files: { 'a.txt': 3 as never } }] }), /must be a string or null/)
})

t.test('private repositories: signed, short-lived download links; tokens under the App\'s rules', async (t) => {
  const sim = await startSim(t)
  const tarball = await api(sim, '/repos/octocat/private-notes/tarball/main', { token: 'octocat-token' })
  const location = new URL(tarball.headers.get('location')!)
  t.match(location.searchParams.get('token'), /^\d+\.[\w-]+$/, 'a private repository\'s link carries a token')
  t.equal((await fetch(location)).status, 200)
  location.searchParams.delete('token')
  t.equal((await fetch(location)).status, 404, 'without it: not found')
  location.searchParams.set('token', '9999999999.forged')
  t.equal((await fetch(location)).status, 404, 'a forged token: not found')
  const file = await api(sim, '/repos/octocat/private-notes/contents/notes.md', { token: 'octocat-token' })
  t.match(file.body.download_url, /\?token=/)
  t.match(await (await fetch(file.body.download_url)).text(), /^notes\.md at [0-9a-f]{7}: More notes\n$/)
  const realNow = Date.now
  const clock = t.capture(Date, 'now', () => realNow() + 10 * 60_000)
  const late = await fetch(tarball.headers.get('location')!)
  clock()
  t.equal(late.status, 404, 'the link expires after a few minutes')

  const jwt = defaultAppJwt(sim)
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['private-notes'] })
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })).body.token
  t.equal((await api(sim, '/repos/octocat/private-notes/contents/notes.md', { token })).status, 200, 'contents: read reads contents')
  const viaToken = await api(sim, '/repos/octocat/private-notes/tarball/main', { token })
  t.equal(viaToken.status, 302)
  t.equal((await fetch(viaToken.headers.get('location')!)).status, 200)
  t.equal((await api(sim, '/repos/octo-org/platform/tarball/main', { token })).status, 404, 'another account\'s private repository: not found')
  const metadataOnly = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST', body: { permissions: { metadata: 'read' } } })).body.token
  const refused = await api(sim, '/repos/octocat/private-notes/contents/notes.md', { token: metadataOnly })
  t.equal(refused.status, 403)
  t.equal(refused.body.message, 'Resource not accessible by integration')
  t.equal((await api(sim, '/repos/octocat/private-notes/tarball/main', { token: metadataOnly })).status, 403)
  t.equal((await api(sim, '/repos/octocat/private-notes', { token: metadataOnly })).status, 200, 'metadata reads the repository')
})
