/** Why a URL the platform sent is not one a person can open (http or https, with a host), or undefined when it is. */
export function httpUrlProblem(field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${field} must be an http or https URL`
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return `${field} must be an http or https URL, not ${url.protocol}`
  return undefined
}
