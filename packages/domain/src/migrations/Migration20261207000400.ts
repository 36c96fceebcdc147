import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000400 extends Migration {

  override name = 'Migration20261207000400';

  // A delivery's trace (W3C traceparent) when the ingest traced it: the events API shows its
  // trace id, and its callbacks' retries continue it.
  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_events" add column "traceparent" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_events" drop column "traceparent";`);
  }

}
