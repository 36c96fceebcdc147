import { Migration } from '@mikro-orm/migrations';

export class Migration20261207060000 extends Migration {

  override name = 'Migration20261207060000';

  // The events API at 10 million events (bench/api.ts): an event name is read in receipt order
  // (its newest first, a page at a time) alone and with a repository, instead of every event of
  // that name (or of the repository) being read and sorted; the events with a failed or blocked
  // request are found from a partial index of those few requests, newest first. The event-name
  // index is replaced: (event, received_at) serves lookups by name as it did.
  // On a partitioned table each index is built on every partition, holding the table's SHARE lock
  // while it builds (writes wait, reads go on): run it when the workers may pause.
  override up(): void | Promise<void> {
    this.addSql(`create index if not exists "webhook_events_event_received_at_index" on "webhook_events" ("event", "received_at");`);
    this.addSql(`drop index if exists "webhook_events_event_index";`);
    this.addSql(`create index if not exists "webhook_events_repository_id_event_received_at_index" on "webhook_events" ("repository_id", "event", "received_at");`);
    this.addSql(`create index if not exists "deployment_requests_failed_received_at_index" on "deployment_requests" ("received_at", "event_id") where "status" in ('failed', 'blocked');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "deployment_requests_failed_received_at_index";`);
    this.addSql(`drop index if exists "webhook_events_repository_id_event_received_at_index";`);
    this.addSql(`create index if not exists "webhook_events_event_index" on "webhook_events" ("event");`);
    this.addSql(`drop index if exists "webhook_events_event_received_at_index";`);
  }

}
