import { Migration } from '@mikro-orm/migrations';

export class Migration20261206032958 extends Migration {

  override name = 'Migration20261206032958';

  // GitHub App mode: installations and the repositories they cover, the installation a delivery
  // came through, why an event derived nothing (a suspended installation), and what a callback
  // carries for the platform to fetch the code (clone URL, installation). Requests get a
  // 'cancelled' status (not sent: the App no longer covers the repository). Only adds columns.
  override up(): void | Promise<void> {
    this.addSql(`create table "installations" ("id" bigint not null, "account_login" text not null, "account_id" bigint not null, "account_type" text not null default 'User', "repository_selection" text not null default 'selected', "suspended_at" timestamptz null, "deleted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`alter table "repositories" add "installation_id" bigint null;`);
    this.addSql(`create index "repositories_installation_id_index" on "repositories" ("installation_id");`);

    this.addSql(`alter table "platform_notices" drop constraint "platform_notices_status_check";`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled'));`);

    this.addSql(`alter table "webhook_events" add "installation_id" bigint null, add "decision" text null;`);

    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_status_check";`);
    this.addSql(`alter table "deployment_requests" add "repository_clone_url" text null, add "installation_id" bigint null;`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled'));`);

    this.addSql(`alter table "installations" add constraint "installations_repository_selection_check" check ("repository_selection" in ('all', 'selected'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "installations" cascade;`);

    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_status_check";`);
    this.addSql(`alter table "deployment_requests" drop column "repository_clone_url", drop column "installation_id";`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed'));`);

    this.addSql(`alter table "platform_notices" drop constraint "platform_notices_status_check";`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed'));`);

    this.addSql(`drop index "repositories_installation_id_index";`);
    this.addSql(`alter table "repositories" drop column "installation_id";`);

    this.addSql(`alter table "webhook_events" drop column "installation_id", drop column "decision";`);
  }

}
