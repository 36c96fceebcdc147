import { Migration } from '@mikro-orm/migrations';

const DAY_MS = 86_400_000;
// Parents first: the order their keys reference each other in.
const PARTITIONED_TABLES = ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses'];

/**
 * Where the existing rows end: the start of the UTC day after tomorrow, so rows the running
 * workers write while this runs still fit, and daily partitions follow from there.
 */
export function legacyBound(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + 2 * DAY_MS);
}

export class Migration20261207010000 extends Migration {

  override name = 'Migration20261207010000';

  // webhook_events and what hangs off it (deployment_requests, callback_attempts,
  // deployment_statuses) become range-partitioned on received_at, the event's receipt time, so
  // retention drops a day whole. Zero copy: each table is renamed <table>_legacy and attached
  // whole as the partition of everything received before legacyBound(); a DEFAULT partition
  // takes any row no partition covers; the worker makes the daily partitions (partitions/).
  // Primary keys become (id, received_at) and the foreign keys (event_id, received_at) and
  // (request_id, received_at), on update cascade (a receipt time moved moves what hangs off it;
  // only tests move one). A delivery's (hook_id, delivery_id) can no longer be unique in a
  // table partitioned by time: delivery_keys holds it, one row per stored delivery.
  //
  // One transaction (the migrator runs all pending migrations in one), so every lock below is
  // held until the commit. Stop the workers first (the ingest keeps accepting into the Redis
  // inbox; their statements change with this), and deploy the gateway with it. Measured by
  // `npm run bench:partition-migration` on 1.5M events, 1.5M requests, 1.5M attempts, 150k
  // statuses, Postgres 15 on a shared, busy 2-core machine (load 8.6; a quiet one is faster):
  //   1 add columns to attempts, statuses   ACCESS EXCLUSIVE on them                    0.05 s
  //   2 backfill received_at                ROW EXCLUSIVE on requests, attempts, statuses   313 s
  //     (attempts 261 s, requests 31 s, statuses 21 s)
  //   3 delivery_keys from the events       ACCESS SHARE on webhook_events                16 s
  //   4 the composite unique indexes        SHARE on the four tables (writes wait)        18 s
  //   5 old keys dropped, bound checks,     ACCESS EXCLUSIVE on the four tables           2.6 s
  //     renames, parents, attach, defaults  (ATTACH: no scan, the checks prove the bound)
  //   6 composite foreign keys checked      under 5's locks                              146 s
  //   7 foreign keys to repositories,       ACCESS EXCLUSIVE on repositories and          0.06 s
  //     platform_notices (taken over)       platform_notices
  // So callback_attempts and deployment_statuses are unreadable for the whole migration (496 s
  // there), webhook_events and deployment_requests for steps 5-7 (149 s), repositories for
  // the commit's instant. Steps 1, 2 and 4 may be run ahead, online (worker README,
  // "Partitions"): this then finds them done and skips them.
  override up(): void | Promise<void> {
    const bound = legacyBound().toISOString();
    // 1. The event's receipt time on every row hanging off it (notices' attempts: their own time).
    this.addSql(`alter table "callback_attempts" add column if not exists "received_at" timestamptz null;`);
    this.addSql(`alter table "deployment_statuses" add column if not exists "received_at" timestamptz null;`);
    // 2.
    this.addSql(`update "deployment_requests" d set "received_at" = e."received_at" from "webhook_events" e where d."received_at" is null and e."id" = d."event_id";`);
    this.addSql(`update "callback_attempts" a set "received_at" = d."received_at" from "deployment_requests" d where a."received_at" is null and a."request_id" = d."id";`);
    this.addSql(`update "callback_attempts" set "received_at" = "at" where "received_at" is null and "request_id" is null;`);
    this.addSql(`update "deployment_statuses" s set "received_at" = d."received_at" from "deployment_requests" d where s."received_at" is null and s."request_id" = d."id";`);
    // 3. One row per stored delivery: storing inserts here first, so a delivery is stored once across partitions.
    this.addSql(`create table "delivery_keys" ("hook_id" bigint not null default 0, "delivery_id" varchar(255) not null, "event_id" uuid not null, "received_at" timestamptz not null);`);
    this.addSql(`insert into "delivery_keys" ("hook_id", "delivery_id", "event_id", "received_at") select "hook_id", "delivery_id", "id", "received_at" from "webhook_events";`);
    this.addSql(`alter table "delivery_keys" add constraint "delivery_keys_pkey" primary key ("hook_id", "delivery_id");`);
    // 4. The indexes the partitioned keys need, built before the exclusive part.
    for (const table of PARTITIONED_TABLES) {
      this.addSql(`create unique index if not exists "${table}_legacy_id_received_at" on "${table}" ("id", "received_at");`);
    }
    this.addSql(`create unique index if not exists "deployment_requests_legacy_event_unique" on "deployment_requests" ("event_id", "kind", "environment", "received_at");`);
    this.addSql(`create unique index if not exists "deployment_statuses_legacy_fingerprint_unique" on "deployment_statuses" ("request_id", "fingerprint", "received_at");`);
    // As constraints: ATTACH takes an index as a partition of the parent's constraint only if it backs one.
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_legacy_event_unique" unique using index "deployment_requests_legacy_event_unique";`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_legacy_fingerprint_unique" unique using index "deployment_statuses_legacy_fingerprint_unique";`);
    // 5. The old keys go; each table is renamed, its parent made like it, and it is attached.
    this.addSql(`alter table "deployment_statuses" drop constraint "deployment_statuses_request_id_foreign", drop constraint "deployment_statuses_request_id_fingerprint_unique";`);
    this.addSql(`alter table "callback_attempts" drop constraint "callback_attempts_request_id_foreign";`);
    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_event_id_foreign", drop constraint "deployment_requests_event_id_kind_environment_unique";`);
    this.addSql(`alter table "webhook_events" drop constraint "webhook_events_hook_id_delivery_id_unique";`);
    for (const table of PARTITIONED_TABLES) {
      this.addSql(`alter table "${table}" drop constraint "${table}_pkey";`);
      // The bound as a valid CHECK: ATTACH then skips its scan, and SET NOT NULL its own.
      this.addSql(`alter table "${table}" add constraint "${table}_legacy_bound" check ("received_at" is not null and "received_at" < '${bound}');`);
      this.addSql(`alter table "${table}" alter column "received_at" set not null;`);
      this.addSql(`alter table "${table}" add constraint "${table}_legacy_pkey" primary key using index "${table}_legacy_id_received_at";`);
      this.addSql(`alter table "${table}" rename to "${table}_legacy";`);
      this.addSql(`create table "${table}" (like "${table}_legacy" including defaults) partition by range ("received_at");`);
      this.addSql(`alter table "${table}" add primary key ("id", "received_at");`);
    }
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_kind_check" check ("kind" in ('production', 'preview', 'teardown')), add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled', 'waiting_checks', 'blocked', 'superseded'));`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_state_check" check ("state" in ('queued', 'in_progress', 'success', 'failure', 'error', 'inactive'));`);
    // A row of a request carries the request's receipt time: without it the composite foreign key would not be checked.
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_request_received_at_check" check ("request_id" is null or "received_at" is not null);`);
    this.addSql(`alter table "callback_attempts_legacy" add constraint "callback_attempts_request_received_at_check" check ("request_id" is null or "received_at" is not null);`);
    // The parents' indexes, each under the legacy index of the same columns (renamed), which ATTACH takes as its partition.
    const indexes: Array<[string, string, string]> = [
      ['webhook_events', 'webhook_events_delivery_id_index', '"delivery_id"'],
      ['webhook_events', 'webhook_events_event_index', '"event"'],
      ['webhook_events', 'webhook_events_received_at_index', '"received_at"'],
      ['webhook_events', 'webhook_events_repository_id_received_at_index', '"repository_id", "received_at"'],
      ['deployment_requests', 'deployment_requests_status_next_attempt_at_index', '"status", "next_attempt_at"'],
      ['deployment_requests', 'deployment_requests_repository_id_environment_status_index', '"repository_id", "environment", "status"'],
      ['deployment_requests', 'deployment_requests_repository_id_environment_sequence_index', '"repository_id", "environment", "sequence"'],
      ['deployment_requests', 'deployment_requests_repository_id_environment_received_at_index', '"repository_id", "environment", "received_at"'],
      ['callback_attempts', 'callback_attempts_request_id_index', '"request_id"'],
      ['callback_attempts', 'callback_attempts_notice_id_index', '"notice_id"'],
      ['deployment_statuses', 'deployment_statuses_request_id_created_at_index', '"request_id", "created_at"'],
    ];
    for (const [i, [table, index, columns]] of indexes.entries()) {
      this.addSql(`alter index "${index}" rename to "${table}_legacy_index_${i}";`);
      this.addSql(`create index "${index}" on "${table}" (${columns});`);
    }
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_event_unique" unique ("event_id", "kind", "environment", "received_at");`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_fingerprint_unique" unique ("request_id", "fingerprint", "received_at");`);
    for (const table of PARTITIONED_TABLES) {
      this.addSql(`alter table "${table}" attach partition "${table}_legacy" for values from (minvalue) to ('${bound}');`);
      this.addSql(`alter table "${table}_legacy" drop constraint "${table}_legacy_bound";`);
      this.addSql(`create table "${table}_default" partition of "${table}" default;`);
    }
    // The composite ones are checked here, a scan of each referencing table.
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_event_id_received_at_foreign" foreign key ("event_id", "received_at") references "webhook_events" ("id", "received_at") on update cascade;`);
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_request_id_received_at_foreign" foreign key ("request_id", "received_at") references "deployment_requests" ("id", "received_at") on update cascade on delete cascade;`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_request_id_received_at_foreign" foreign key ("request_id", "received_at") references "deployment_requests" ("id", "received_at") on update cascade on delete cascade;`);
    // The legacy tables keep their own foreign keys to repositories and notices; the parents take them over unchecked (same definition). Last: it locks repositories and platform_notices (ACCESS EXCLUSIVE) until the commit.
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id") on delete set null;`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id");`);
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_notice_id_foreign" foreign key ("notice_id") references "platform_notices" ("id") on delete cascade;`);
    // A database without events keeps no legacy partition: the daily ones cover everything from the first.
    const legacy = PARTITIONED_TABLES.map((table) => `"${table}_legacy"`);
    this.addSql(`do $$ begin
      if not exists (select 1 from "webhook_events_legacy") and not exists (select 1 from "callback_attempts_legacy") then
        ${[...PARTITIONED_TABLES].reverse().map((table) => `alter table "${table}" detach partition "${table}_legacy";`).join(' ')}
        drop table ${legacy.join(', ')};
      end if;
    end $$;`);
  }

}
