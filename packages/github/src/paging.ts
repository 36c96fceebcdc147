/** Page numbers (and cursors) from GitHub's `Link` header. */
export interface LinkPages {
  next: number | null
  prev: number | null
  last: number | null
  first: number | null
  /** The `cursor` of the next page, for cursor-paged endpoints (hook deliveries). */
  nextCursor: string | null
}

export function parseLink(header: string | undefined | null): LinkPages {
  const pages: LinkPages = { next: null, prev: null, last: null, first: null, nextCursor: null }
  if (!header) return pages
  for (const part of header.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="([^"]+)"/)
    if (!match) continue
    const [, target, rel] = match
    if (!target || !URL.canParse(target)) continue
    const params = new URL(target).searchParams
    const page = Number(params.get('page'))
    for (const name of rel!.split(/\s+/)) {
      if (name !== 'next' && name !== 'prev' && name !== 'last' && name !== 'first') continue
      if (Number.isInteger(page) && page > 0) pages[name] = page
      if (name === 'next') pages.nextCursor = params.get('cursor')
    }
  }
  return pages
}

/** One page of a list, with where to go next. */
export interface Page<T> {
  items: T[]
  page: number
  perPage: number
  nextPage: number | null
  lastPage: number | null
}

/** Checks page/perPage arguments: GitHub allows 1..100 per page. */
export function pageArgs(page = 1, perPage = 30): { page: number; per_page: number } {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be a whole number from 1, got ${page}`)
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new RangeError(`perPage must be a whole number from 1 to 100, got ${perPage}`)
  return { page, per_page: perPage }
}
