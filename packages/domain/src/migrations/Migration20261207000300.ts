import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000300 extends Migration {

  override name = 'Migration20261207000300';

  // Events older than EVENT_RETENTION_DAYS are pruned; a pruned delivery GitHub may still send
  // again (its redelivery window) keeps a tombstone here, so it is still stored once.
  override up(): void | Promise<void> {
    // The key's delivery id first: the reconciliation looks GUIDs up without their hook.
    this.addSql(`create table "pruned_deliveries" ("hook_id" bigint not null default 0, "delivery_id" varchar(255) not null, "received_at" timestamptz not null, "pruned_at" timestamptz not null, primary key ("delivery_id", "hook_id"));`);
    this.addSql(`create index "pruned_deliveries_received_at_index" on "pruned_deliveries" ("received_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "pruned_deliveries" cascade;`);
  }

}
