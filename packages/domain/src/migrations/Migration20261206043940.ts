import { Migration } from '@mikro-orm/migrations';

export class Migration20261206043940 extends Migration {

  override name = 'Migration20261206043940';

  // What a callback says of the change (commit, compare URL, pull request), kept with the request
  // so every retry sends the same body. Adds one nullable column.
  override up(): void | Promise<void> {
    this.addSql(`alter table "deployment_requests" add "details" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "deployment_requests" drop column "details";`);
  }

}
