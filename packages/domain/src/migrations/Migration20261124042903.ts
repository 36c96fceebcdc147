import { Migration } from '@mikro-orm/migrations';

export class Migration20261124042903 extends Migration {

  override name = 'Migration20261124042903';

  override up(): void | Promise<void> {
    this.addSql(`alter table "repositories" alter column "default_branch" type text using ("default_branch"::text);`);
    this.addSql(`alter table "repositories" alter column "full_name" type text using ("full_name"::text);`);

    this.addSql(`alter table "webhook_events" alter column "action" type text using ("action"::text);`);
    this.addSql(`alter table "webhook_events" alter column "sender" type text using ("sender"::text);`);

    this.addSql(`alter table "deployment_requests" alter column "ref" type text using ("ref"::text);`);
    this.addSql(`alter table "deployment_requests" alter column "sha" type text using ("sha"::text);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "deployment_requests" alter column "ref" type varchar(255) using ("ref"::varchar(255));`);
    this.addSql(`alter table "deployment_requests" alter column "sha" type varchar(255) using ("sha"::varchar(255));`);

    this.addSql(`alter table "repositories" alter column "full_name" type varchar(255) using ("full_name"::varchar(255));`);
    this.addSql(`alter table "repositories" alter column "default_branch" type varchar(255) using ("default_branch"::varchar(255));`);

    this.addSql(`alter table "webhook_events" alter column "action" type varchar(255) using ("action"::varchar(255));`);
    this.addSql(`alter table "webhook_events" alter column "sender" type varchar(255) using ("sender"::varchar(255));`);
  }

}
