import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000100 extends Migration {

  override name = 'Migration20261207000100';

  // Deliveries the worker gave up storing, kept whole with why until they are replayed.
  override up(): void | Promise<void> {
    this.addSql(`create table "dead_letters" ("id" uuid not null, "job_id" text not null, "delivery_id" text null, "hook_id" text null, "event" text null, "action" text null, "repository_github_id" bigint null, "headers" jsonb not null, "payload" bytea null, "received_at" timestamptz null, "error" text not null, "attempts" int not null, "first_failed_at" timestamptz not null, "last_failed_at" timestamptz not null, "replayed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "dead_letters" add constraint "dead_letters_job_id_unique" unique ("job_id");`);
    this.addSql(`create index "dead_letters_last_failed_at_id_index" on "dead_letters" ("last_failed_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "dead_letters" cascade;`);
  }

}
