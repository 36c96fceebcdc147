/**
 * An unpartitioned events store (the schema before Migration20261207010000) filled by Postgres:
 * `events` events over 60 days up to now about 100 repositories, a deployment request each (one in
 * 20 without received_at, as requests older than that column), a callback attempt each, a
 * platform status for one request in 10, and a notice's attempt.
 */
export const fillStatements = (events: number) => [
  `insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at)
    select ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, g, 'o/r' || g, 'main', false, now(), now() from generate_series(1, 100) g`,
  `insert into webhook_events (id, delivery_id, hook_id, event, repository_id, sender, received_at, processed_at, payload)
    select gen_random_uuid(), 'd-' || g, 1 + g % 50, 'push', ('00000000-0000-0000-0000-' || lpad((1 + g % 100)::text, 12, '0'))::uuid, 'octocat',
      now() - interval '60 days' + (g::float / ${events}) * interval '60 days', now(), '{"ref":"refs/heads/main"}'
    from generate_series(1, ${events}) g`,
  `insert into deployment_requests (id, event_id, repository_id, kind, ref, sha, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at, sequence, delivered_at, platform_state)
    select gen_random_uuid(), e.id, e.repository_id, 'production', 'refs/heads/main', 'abc', 'production', 'delivered', 1, e.received_at, e.received_at, e.received_at,
      case when n % 20 = 0 then null else e.received_at end, n, e.received_at, 'success'
    from (select *, row_number() over () as n from webhook_events) e`,
  `insert into callback_attempts (id, request_id, at, status_code, duration_ms, attempt) select gen_random_uuid(), id, created_at, 200, 12, 1 from deployment_requests`,
  `insert into deployment_statuses (id, request_id, state, fingerprint, applied, created_at)
    select gen_random_uuid(), id, 'success', md5(id::text), true, created_at from deployment_requests where sequence % 10 = 0`,
  `insert into users (id, github_id, login, created_at, updated_at) values ('00000000-0000-0000-0000-0000000000aa', 1, 'octocat', now(), now())`,
  `insert into platform_notices (id, type, user_id, data, status, attempts, next_attempt_at, created_at, updated_at)
    values ('00000000-0000-0000-0000-0000000000bb', 'user.provisioned', '00000000-0000-0000-0000-0000000000aa', '{}', 'delivered', 1, now(), now(), now())`,
  `insert into callback_attempts (id, notice_id, at, status_code, duration_ms, attempt) values (gen_random_uuid(), '00000000-0000-0000-0000-0000000000bb', now() - interval '50 days', 200, 5, 1)`,
  'analyze',
]

/** Rows and distinct ids of each table, and the rows whose parent is missing. */
export const COUNTS_SQL = `
  select 'webhook_events' as table, count(*)::int as rows, count(distinct id)::int as ids from webhook_events
  union all select 'deployment_requests', count(*)::int, count(distinct id)::int from deployment_requests
  union all select 'callback_attempts', count(*)::int, count(distinct id)::int from callback_attempts
  union all select 'deployment_statuses', count(*)::int, count(distinct id)::int from deployment_statuses
  union all select 'orphans', ((select count(*) from deployment_requests d where not exists (select 1 from webhook_events e where e.id = d.event_id))
    + (select count(*) from callback_attempts a where a.request_id is not null and not exists (select 1 from deployment_requests d where d.id = a.request_id))
    + (select count(*) from deployment_statuses s where not exists (select 1 from deployment_requests d where d.id = s.request_id)))::int, 0`
