// What a live request still needs is kept whatever its age: the events of open requests (still to
// be sent, or held by the CI gate) and, for each environment, of the requests the environments API
// shows (its newest request that was or will be sent, the newest the platform reported success
// of, the newest with any state), which the missed-push reconciliation also compares GitHub with.
const NEWEST = 'and sequence is not null order by sequence desc limit 1'
const OF_ENV = 'repository_id = s.repository_id and environment = s.environment'
const KEPT_EVENTS = `
  select event_id from deployment_requests where status in ('pending', 'delivering', 'waiting_checks')
  union
  select k.event_id from environment_sequences s cross join lateral (
    (select event_id from deployment_requests where ${OF_ENV} and status not in ('superseded', 'cancelled') ${NEWEST})
    union all (select event_id from deployment_requests where ${OF_ENV} and platform_state = 'success' ${NEWEST})
    union all (select event_id from deployment_requests where ${OF_ENV} and platform_state is not null ${NEWEST})
  ) k`

/**
 * One batch, one statement, one short transaction: the oldest events received before the cutoff
 * (the receipt-time index) that no live request needs, rows another transaction holds skipped;
 * their requests (their callback attempts and platform statuses follow by cascade) and
 * themselves deleted; a tombstone for each received inside the redelivery window.
 */
export const PRUNE_EVENTS_SQL = `
  with kept as (${KEPT_EVENTS}),
  doomed as (
    select e.id, e.hook_id, e.delivery_id, e.received_at from webhook_events e
    where e.received_at < ?::timestamptz and e.id not in (select event_id from kept)
    order by e.received_at limit ?::int
    for update of e skip locked
  ),
  tombstones as (
    insert into pruned_deliveries (hook_id, delivery_id, received_at, pruned_at)
    select hook_id, delivery_id, received_at, now() from doomed where received_at >= ?::timestamptz
    on conflict do nothing
    returning 1
  ),
  requests as (delete from deployment_requests d using doomed where d.event_id = doomed.id returning 1),
  events as (delete from webhook_events e using doomed where e.id = doomed.id returning 1)
  select (select count(*) from events)::int as events, (select count(*) from requests)::int as requests, (select count(*) from tombstones)::int as tombstones`

/** Tombstones of deliveries received before the redelivery window, a batch at a time. */
export const PRUNE_TOMBSTONES_SQL = `
  with gone as (
    delete from pruned_deliveries where (delivery_id, hook_id) in (
      select delivery_id, hook_id from pruned_deliveries where received_at < ?::timestamptz limit ?::int for update skip locked)
    returning 1)
  select count(*)::int as n from gone`
