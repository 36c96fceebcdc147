import { Migration } from '@mikro-orm/migrations';

/** The statuses of a request still to be sent, or being sent: what the queue statements look for. */
const OPEN = `('pending', 'waiting_checks', 'delivering')`;
const COLUMNS = `"id", "repository_id", "environment", "kind", "status", "sequence", "next_attempt_at", "received_at"`;
const UPSERT = `on conflict ("id") do update set "status" = excluded."status", "sequence" = excluded."sequence", "next_attempt_at" = excluded."next_attempt_at"
  where ("open_requests"."status", "open_requests"."sequence", "open_requests"."next_attempt_at") is distinct from (excluded."status", excluded."sequence", excluded."next_attempt_at")`;

export class Migration20261207080000 extends Migration {

  override name = 'Migration20261207080000';

  // An environment's queue (its requests still to be sent, the one in flight, the next in line)
  // was looked up in deployment_requests by (repository, environment, status): no receipt time
  // bounds that, so every lookup read every day's partition, ever more as days were kept
  // (bench/queue-partitions.ts: 10× at 94 days). The open requests, a few per environment, are
  // now kept in a table of their own, not partitioned, by statement triggers on deployment_requests
  // in the writer's own statement and transaction: whoever writes a request (worker, gateway,
  // retention) keeps it true. Creating the triggers takes deployment_requests' SHARE ROW EXCLUSIVE
  // lock (writers wait, readers go on) until the migration commits: the copy of the requests open
  // now, by the status index, so no write falls between the copy and the triggers.
  // Its index is the queue's (repository, environment) alone, and its pages half full: a change
  // of status, sequence or lease, three or four a request, then rewrites the row in its page
  // (a HOT update) instead of adding index entries that lookups walk past until a vacuum
  // (bench:e2e at 1,000/s: 808 and 818 events/s stored, against 673 to 793 with status indexed).
  // The triggers find open_requests' rows by id alone, by its key: a plan made while it was
  // near empty would read it whole, and a platform that is down for an hour grows it to every
  // request of that hour.
  override up(): void | Promise<void> {
    this.addSql(`create table if not exists "open_requests" ("id" uuid not null primary key, "repository_id" uuid not null, "environment" varchar(255) not null,
      "kind" text not null, "status" text not null, "sequence" int null, "next_attempt_at" timestamptz not null, "received_at" timestamptz not null);`);
    this.addSql(`alter table "open_requests" set (fillfactor = 50);`);
    this.addSql(`create index if not exists "open_requests_queue_index" on "open_requests" ("repository_id", "environment");`);
    this.addSql(`create or replace function "open_requests_inserted_fn"() returns trigger as $$ begin
      insert into "open_requests" (${COLUMNS}) select ${COLUMNS} from "new_rows" where "status" in ${OPEN} ${UPSERT};
      return null; end; $$ language plpgsql set enable_seqscan = off;`);
    this.addSql(`create or replace function "open_requests_updated_fn"() returns trigger as $$ begin
      delete from "open_requests" o using "new_rows" n where o."id" = n."id" and n."status" not in ${OPEN};
      insert into "open_requests" (${COLUMNS}) select ${COLUMNS} from "new_rows" where "status" in ${OPEN} ${UPSERT};
      return null; end; $$ language plpgsql set enable_seqscan = off;`);
    this.addSql(`create or replace function "open_requests_deleted_fn"() returns trigger as $$ begin
      delete from "open_requests" o using "old_rows" d where o."id" = d."id";
      return null; end; $$ language plpgsql set enable_seqscan = off;`);
    this.addSql(`create trigger "open_requests_inserted" after insert on "deployment_requests" referencing new table as "new_rows" for each statement execute function "open_requests_inserted_fn"();`);
    this.addSql(`create trigger "open_requests_updated" after update on "deployment_requests" referencing new table as "new_rows" for each statement execute function "open_requests_updated_fn"();`);
    this.addSql(`create trigger "open_requests_deleted" after delete on "deployment_requests" referencing old table as "old_rows" for each statement execute function "open_requests_deleted_fn"();`);
    this.addSql(`insert into "open_requests" (${COLUMNS}) select ${COLUMNS} from "deployment_requests" where "status" in ${OPEN} on conflict ("id") do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "open_requests_deleted" on "deployment_requests";`);
    this.addSql(`drop trigger if exists "open_requests_updated" on "deployment_requests";`);
    this.addSql(`drop trigger if exists "open_requests_inserted" on "deployment_requests";`);
    this.addSql(`drop function if exists "open_requests_deleted_fn"();`);
    this.addSql(`drop function if exists "open_requests_updated_fn"();`);
    this.addSql(`drop function if exists "open_requests_inserted_fn"();`);
    this.addSql(`drop table if exists "open_requests";`);
  }

}
