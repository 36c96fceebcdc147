// What a live request still needs is kept whatever its age: the events of open requests (still to
// be sent, or held by the CI gate) and of the requests the environments API shows for their
// environment (its newest request that was or will be sent, the newest the platform reported
// success of, the newest with any state), which the missed-push reconciliation also compares
// GitHub with. Each is one step back along the (repository, environment, sequence) index.
const NEWEST_OF_ITS_ENVIRONMENT = (condition: string) =>
  `d.id = (select n.id from deployment_requests n where n.repository_id = d.repository_id and n.environment = d.environment
    and ${condition} and n.sequence is not null order by n.sequence desc limit 1)`
export const STILL_NEEDED = [
  `d.status in ('pending', 'delivering', 'waiting_checks')`,
  NEWEST_OF_ITS_ENVIRONMENT(`n.status not in ('superseded', 'cancelled')`),
  NEWEST_OF_ITS_ENVIRONMENT(`n.platform_state = 'success'`),
  NEWEST_OF_ITS_ENVIRONMENT('n.platform_state is not null'),
].join(' or ')

/**
 * One batch, one statement, one short transaction: the oldest events received before the cutoff
 * and after the previous batch's last (the receipt-time index), that no live request needs, rows
 * another transaction holds skipped; their requests (their callback attempts and platform
 * statuses follow by cascade) and themselves deleted; a tombstone for each received inside the
 * redelivery window. Returns where the next batch starts.
 */
export const PRUNE_EVENTS_SQL = `
  with doomed as (
    select e.id, e.hook_id, e.delivery_id, e.received_at from webhook_events e
    where e.received_at < ?::timestamptz and (e.received_at, e.id) > (?::timestamptz, ?::uuid)
      and not exists (select 1 from deployment_requests d where d.event_id = e.id and (${STILL_NEEDED}))
    order by e.received_at, e.id limit ?::int
    for update of e skip locked
  ),
  tombstones as (
    insert into pruned_deliveries (hook_id, delivery_id, received_at, pruned_at)
    select hook_id, delivery_id, received_at, now() from doomed where received_at >= ?::timestamptz
    on conflict do nothing
    returning 1
  ),
  requests as (delete from deployment_requests d using doomed where d.event_id = doomed.id returning 1),
  events as (delete from webhook_events e using doomed where e.id = doomed.id returning 1),
  last as (select received_at, id from doomed order by received_at desc, id desc limit 1)
  select (select count(*) from events)::int as events, (select count(*) from requests)::int as requests,
    (select count(*) from tombstones)::int as tombstones,
    -- as text: the microseconds Postgres keeps, which a JavaScript Date would round
    (select received_at::text from last) as last_at, (select id from last) as last_id`

/** Tombstones of deliveries received before the redelivery window, a batch at a time. */
export const PRUNE_TOMBSTONES_SQL = `
  with gone as (
    delete from pruned_deliveries where (delivery_id, hook_id) in (
      select delivery_id, hook_id from pruned_deliveries where received_at < ?::timestamptz limit ?::int for update skip locked)
    returning 1)
  select count(*)::int as n from gone`
