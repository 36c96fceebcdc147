import { Migration } from '@mikro-orm/migrations';

export class Migration20261202210604 extends Migration {

  override name = 'Migration20261202210604';

  override up(): void | Promise<void> {
    this.addSql(`drop index "deployment_requests_status_index";`);
    this.addSql(`alter table "deployment_requests" add "repository_full_name" text null, add "repository_default_branch" text null, add "repository_private" boolean null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "deployment_requests" drop column "repository_full_name", drop column "repository_default_branch", drop column "repository_private";`);
    this.addSql(`create index "deployment_requests_status_index" on "deployment_requests" ("status");`);
  }

}
