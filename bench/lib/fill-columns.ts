// What bench/fill-events.ts writes into each table: column name -> SQL expression. The one
// place to adapt when the schema changes (a column added, renamed, or a table partitioned).
//
// The expressions read these names, which the statements in fill-sql.ts provide:
//   g   the event's number (1..total): every value is a function of it, so reruns are repeatable
//   t   its template (fill_templates: a real payload of the e2e mix, its repository left out)
//   r   its repository (fill_repositories, with the repository object its payloads carry)
//   q   for requests, the template's request (fill_template_requests)
//   d   for attempts and statuses, the request just inserted (RETURNING of deployment_requests)
//   a   for attempts, the attempt number
//   e   for delivery keys, the event just inserted (RETURNING of webhook_events)
// and the macros below (hash, receivedAt), expanded before the SQL is sent. A column listed here
// that the table does not have is left out (the schema before or after a migration); a table
// column without a default that is not listed stops the fill, naming it.

/** A repeatable pseudo-random integer in [0, 1000003) for event g and a salt. */
export const hash = (salt: number, of = 'g') => `((${of} * 2654435761 + ${salt * 40503}) % 1000003)`

/** 0 ≤ u < 1 from hash. */
export const unit = (salt: number, of = 'g') => `(${hash(salt, of)}::float8 / 1000003)`

export const EVENT_COLUMNS: Record<string, string> = {
  id: `md5('event:' || g)::uuid`,
  delivery_id: `md5('delivery:' || g)::uuid::text`,
  hook_id: `r.hook_id`,
  event: `t.event`,
  action: `t.action`,
  repository_id: `case when t.repository then r.id end`,
  sender: `t.sender`,
  installation_id: `null`,
  decision: `t.decision`,
  source: `null`,
  traceparent: `null`,
  received_at: `$receivedAt`,
  processed_at: `$receivedAt + (20 + ${hash(5)} % 400) * interval '1 millisecond'`,
  payload: `(case when t.repository then '{"repository":' || r.repository_json || t.rest else t.rest end)::json`,
}

/** One row per stored delivery, where the schema keeps (hook_id, delivery_id) unique apart from the events (partitioned by time). */
export const DELIVERY_KEY_COLUMNS: Record<string, string> = {
  hook_id: `e.hook_id`,
  delivery_id: `e.delivery_id`,
  event_id: `e.id`,
  received_at: `e.received_at`,
}

/**
 * The request's status: the newest events' requests are still open (pending, delivering,
 * waiting_checks), older ones ended; most delivered, a few superseded, cancelled, failed or blocked.
 */
const STATUS = `case
  when $receivedAt > $end - interval '2 minutes' then (array['pending', 'delivering', 'waiting_checks'])[1 + ${hash(6)} % 3]
  when ${hash(7)} % 1000 < 20 then 'superseded'
  when ${hash(7)} % 1000 < 25 then 'cancelled'
  when ${hash(7)} % 1000 < 30 then 'failed'
  when ${hash(7)} % 1000 < 33 then 'blocked'
  else 'delivered' end`

export const REQUEST_COLUMNS: Record<string, string> = {
  id: `md5('request:' || g || ':' || q.k)::uuid`,
  event_id: `md5('event:' || g)::uuid`,
  repository_id: `r.id`,
  kind: `q.kind`,
  ref: `q.ref`,
  sha: `q.sha`,
  environment: `q.environment`,
  pull_request: `q.pull_request`,
  repository_full_name: `r.full_name`,
  repository_default_branch: `'main'`,
  repository_private: `false`,
  repository_clone_url: `'https://github.com/' || r.full_name || '.git'`,
  installation_id: `null`,
  details: `null`,
  sequence: `g`,
  reason: `q.reason`,
  superseded_by: `null`,
  checks_deadline: `null`,
  status: STATUS,
  // delivered: mostly at the first POST; failed: every attempt the worker makes by default.
  attempts: `case ${STATUS} when 'delivered' then 1 + (${hash(8)} % 100 >= 95)::int + (${hash(8)} % 100 >= 99)::int when 'failed' then 20 else 0 end`,
  next_attempt_at: `$receivedAt`,
  last_error: `case ${STATUS} when 'failed' then 'HTTP 503 from the platform' when 'blocked' then 'checks failed: ci' when 'cancelled' then 'the environment was already torn down' else null end`,
  created_at: `$receivedAt + interval '30 milliseconds'`,
  received_at: `$receivedAt`,
  updated_at: `$receivedAt + interval '1 second'`,
  delivered_at: `case ${STATUS} when 'delivered' then $receivedAt + (200 + ${hash(9)} % 800) * interval '1 millisecond' else null end`,
  // About a third of the delivered ones were reported on by the platform.
  platform_state: `case when ${STATUS} = 'delivered' and ${hash(10)} % 3 = 0 then (case when ${hash(10)} % 30 = 0 then 'failure' else 'success' end) else null end`,
  platform_state_at: `case when ${STATUS} = 'delivered' and ${hash(10)} % 3 = 0 then $receivedAt + interval '3 minutes' else null end`,
  environment_url: `case when ${STATUS} = 'delivered' and ${hash(10)} % 3 = 0 then 'https://' || q.environment || '.' || r.name || '.example.net' else null end`,
  github_deployment_id: `null`,
}

/** What the attempts and statuses statements need of each inserted request. */
export const REQUEST_RETURNING = ['id', 'status', 'attempts', 'received_at', 'platform_state', 'platform_state_at', 'environment_url']

/** One row per attempt a = 1..d.attempts; the last one of a delivered request got 200. */
export const ATTEMPT_COLUMNS: Record<string, string> = {
  id: `md5('attempt:' || d.id || ':' || a)::uuid`,
  request_id: `d.id`,
  notice_id: `null`,
  attempt: `a`,
  at: `d.received_at + (a * a) * interval '1 second'`,
  status_code: `case when d.status = 'delivered' and a = d.attempts then 200 else 503 end`,
  duration_ms: `20 + ${hash(11, 'a')} % 300`,
  error: `case when d.status = 'delivered' and a = d.attempts then null else 'HTTP 503' end`,
  retry_at: `case when d.status = 'delivered' and a = d.attempts or a = 20 then null else d.received_at + ((a + 1) * (a + 1)) * interval '1 second' end`,
  received_at: `d.received_at`,
}

/** The platform's report for the requests that have a platform_state. */
export const STATUS_COLUMNS: Record<string, string> = {
  id: `md5('status:' || d.id)::uuid`,
  request_id: `d.id`,
  state: `d.platform_state`,
  environment_url: `d.environment_url`,
  log_url: `null`,
  description: `null`,
  fingerprint: `md5(d.platform_state || coalesce(d.environment_url, ''))`,
  applied: `true`,
  github_status_id: `null`,
  created_at: `d.platform_state_at`,
  received_at: `d.received_at`,
}
