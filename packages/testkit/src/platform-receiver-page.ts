import type { ReceivedRequest } from './received-request.ts'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The receiver's page: what the platform got, newest first, refreshed every few seconds. */
export function renderReceiverPage(requests: readonly ReceivedRequest[]): string {
  const rows = [...requests]
    .reverse()
    .map((r) => {
      const state = !r.verified ? 'bad signature' : r.aborted ? 'caller hung up' : String(r.status)
      return `<tr><td>${new Date(r.at).toISOString()}</td><td>${escapeHtml(r.body?.type ?? '?')}</td><td><code>${escapeHtml(r.webhookId ?? '')}</code></td><td>${escapeHtml(state)}</td><td><pre>${escapeHtml(JSON.stringify(r.body?.data ?? null, null, 2))}</pre></td></tr>`
    })
    .join('\n')
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Platform receiver</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{margin:0;font-size:.8rem}</style></head>
<body><h1>Platform receiver</h1><p>${requests.length} callback requests received (JSON: <code>curl -H 'accept: application/json' /</code>).</p>
<table><thead><tr><th>at</th><th>type</th><th>webhook-id</th><th>answer</th><th>data</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`
}
