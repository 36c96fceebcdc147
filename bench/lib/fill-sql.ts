import { ATTEMPT_COLUMNS, DELIVERY_KEY_COLUMNS, EVENT_COLUMNS, REQUEST_COLUMNS, REQUEST_RETURNING, STATUS_COLUMNS, hash, unit } from './fill-columns.ts'
import type { Schema } from './fill-schema.ts'

// The statements of bench/fill-events.ts, built from the column lists of fill-columns.ts.

export interface FillShape {
  total: number
  repositories: number
  templates: number
  /** The time range the events are spread over, oldest first. */
  start: Date
  end: Date
}

/** INSERT … SELECT of the listed columns the table has. */
function insert(schema: Schema, table: string, listed: Record<string, string>): string {
  const columns = Object.entries(listed).filter(([column]) => schema.columns(table).has(column))
  return `insert into ${table} (${columns.map(([column]) => column).join(', ')}) select ${columns.map(([, sql]) => sql).join(', ')}`
}

/** Expands $receivedAt and $end: events in time order, as they arrive, each at a random moment of its slot. */
function expand(sql: string, shape: FillShape): string {
  const slotMs = (shape.end.getTime() - shape.start.getTime()) / shape.total
  // Milliseconds, as the ingest stores them (a JavaScript Date): the API's cursor carries no finer time.
  const receivedAt = `date_trunc('milliseconds', timestamptz '${shape.start.toISOString()}' + ((g - 1) + ${unit(3)}) * ${slotMs.toFixed(3)} * interval '1 millisecond')`
  return sql.replaceAll('$receivedAt', receivedAt).replaceAll('$end', `timestamptz '${shape.end.toISOString()}'`)
}

/**
 * Events g of $1..$2, their template and repository: a few repositories are busy, most quiet
 * (the square of a uniform draw: the busiest has about 1 % of all events).
 */
const eventRows = (shape: FillShape) => `from generate_series($1::bigint, $2::bigint) g
  join fill_templates t on t.idx = ${hash(1)} % ${shape.templates}
  join fill_repositories r on r.n = floor(${shape.repositories} * ${unit(2)} ^ 2)::int`

/** The events, and their delivery keys where the schema keeps them apart. */
export function insertEvents(shape: FillShape, schema: Schema): string {
  const events = `${insert(schema, 'webhook_events', EVENT_COLUMNS)} ${eventRows(shape)}`
  if (!schema.has('delivery_keys')) return expand(events, shape)
  return expand(`with e as (${events} returning hook_id, delivery_id, id, received_at) ${insert(schema, 'delivery_keys', DELIVERY_KEY_COLUMNS)} from e`, shape)
}

/** The events' deployment requests, then their callback attempts and platform statuses, in one statement. */
export const insertRequests = (shape: FillShape, schema: Schema) =>
  expand(
    `with d as (${insert(schema, 'deployment_requests', REQUEST_COLUMNS)} ${eventRows(shape)}
       join fill_template_requests q on q.idx = t.idx
       returning ${REQUEST_RETURNING.join(', ')}),
     attempts as (${insert(schema, 'callback_attempts', ATTEMPT_COLUMNS)} from d cross join lateral generate_series(1, d.attempts) a)
     ${insert(schema, 'deployment_statuses', STATUS_COLUMNS)} from d where d.platform_state is not null`,
    shape,
  )

/** The repositories all events are about: bench/repository-<n>, GitHub ids 900,000,000 + n as the e2e pool names them. */
export const insertRepositories = `insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at)
  select md5('repository:' || n)::uuid, 900000000 + n, 'bench/repository-' || n, 'main', false, now(), now()
  from generate_series(0, $1::int - 1) n
  on conflict (github_id) do nothing`

/** Per session: the repositories by number, with their hook and the repository object of their payloads ($1: repositoryTemplate()). */
export const fillRepositoriesTable = `create temp table fill_repositories as
  select substr(full_name, 18)::int as n, id, full_name, substr(full_name, 7) as name, github_id, 500000000 + github_id - 900000000 as hook_id,
    replace(replace(replace($1::text, '@FULL_NAME@', full_name), '@NAME@', substr(full_name, 7)), '@ID@', github_id::text) as repository_json
  from repositories where full_name like 'bench/repository-%'`

/** Without its key and statistics the planner would scan every repository for each event. */
export const fillRepositoriesKey = 'alter table fill_repositories add primary key (n); analyze fill_repositories'

export const fillTemplateTables = [
  'create temp table fill_templates (idx int primary key, event text, action text, sender text, decision text, repository boolean, rest text)',
  'create temp table fill_template_requests (idx int, k int, kind text, ref text, sha text, environment text, pull_request int, reason text)',
]
