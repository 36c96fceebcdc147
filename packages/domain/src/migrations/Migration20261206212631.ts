import { Migration } from '@mikro-orm/migrations';

export class Migration20261206212631 extends Migration {

  override name = 'Migration20261206212631';

  // A redelivery that failed too (the ingest still down) is asked for again at a later run, a few times: counted here.
  override up(): void | Promise<void> {
    this.addSql(`alter table "redeliveries" add "asks" int not null default 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "redeliveries" drop column "asks";`);
  }

}
