import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'

export interface PageQuery {
  page?: string
  per_page?: string
}

const toInt = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

/** A URL like the request's, on the simulator's public base, with some query values replaced. */
export function selfUrl(ctx: SimContext, req: FastifyRequest, replace: Record<string, string>): string {
  const url = new URL(req.url, ctx.urls.web)
  for (const [name, value] of Object.entries(replace)) url.searchParams.set(name, value)
  return `${ctx.urls.web}${url.pathname}${url.search}`
}

/**
 * GitHub's page/per_page paging: per_page defaults to 30 and is capped at 100; a Link header
 * with next/last/first/prev relations, exactly the ones that apply.
 */
export function paginate<T>(ctx: SimContext, req: FastifyRequest, reply: FastifyReply, items: T[]): T[] {
  const query = req.query as PageQuery
  const perPage = Math.min(100, toInt(query.per_page, 30))
  const page = toInt(query.page, 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (n: number, rel: string) => `<${selfUrl(ctx, req, { per_page: String(perPage), page: String(n) })}>; rel="${rel}"`
  const rels: string[] = []
  if (page > 1) rels.push(link(Math.min(page - 1, last), 'prev'))
  if (page < last) rels.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) rels.push(link(1, 'first'))
  if (rels.length > 0) reply.header('link', rels.join(', '))
  return items.slice((page - 1) * perPage, page * perPage)
}
