import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000200 extends Migration {

  override name = 'Migration20261207000200';

  // A rotation records the new hook secret here before GitHub is asked to use it, so the ingest
  // accepts it (beside the current one) whatever becomes of the request; the rotation moves it
  // to secret_encrypted once GitHub confirmed, and a later rotation finishes one left pending.
  override up(): void | Promise<void> {
    this.addSql(`alter table "webhooks" add column "pending_secret_encrypted" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhooks" drop column "pending_secret_encrypted";`);
  }

}
