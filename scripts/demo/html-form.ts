/**
 * Just enough of a browser's form handling for the tour: the forms of a page, each with the
 * fields a browser would submit as it stands (hidden and text inputs, the checked radio of each
 * group, checked checkboxes), ready to POST as application/x-www-form-urlencoded.
 */
export interface HtmlForm {
  /** The absolute URL the form submits to. */
  action: string
  method: string
  /** Name/value pairs in document order, as a browser sends them (checkboxes may repeat a name). */
  fields: Array<[string, string]>
  /** The form's HTML, to tell forms apart. */
  html: string
}

const decode = (value: string) =>
  value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.[\]]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = match[1]!.toLowerCase()
    if (!found.has(name)) found.set(name, decode(match[2] ?? match[3] ?? match[4] ?? ''))
  }
  return found
}

export function parseForms(html: string, pageUrl: string): HtmlForm[] {
  const forms: HtmlForm[] = []
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(match[1]!)
    const fields: Array<[string, string]> = []
    for (const input of match[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const field = attributes(input[1]!)
      const name = field.get('name')
      if (!name || field.has('disabled')) continue
      const type = (field.get('type') ?? 'text').toLowerCase()
      if ((type === 'checkbox' || type === 'radio') && !field.has('checked')) continue
      if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue
      fields.push([name, field.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')])
    }
    forms.push({ action: new URL(attrs.get('action') || pageUrl, pageUrl).toString(), method: (attrs.get('method') ?? 'get').toLowerCase(), fields, html: match[0] })
  }
  return forms
}

/** Submits a POST form as a browser does: the page's fields, url-encoded, no redirect followed. */
export function submitForm(form: HtmlForm, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(form.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form.fields).toString(),
  })
}
