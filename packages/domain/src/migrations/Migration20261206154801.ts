import { Migration } from '@mikro-orm/migrations';

export class Migration20261206154801 extends Migration {

  override name = 'Migration20261206154801';

  override up(): void | Promise<void> {
    this.addSql(`create table "hook_checks" ("id" uuid not null, "hook" text not null, "problems" text[] not null, "repaired" boolean not null default false, "error" text null, "checked_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "hook_checks_hook_checked_at_index" on "hook_checks" ("hook", "checked_at");`);

    this.addSql(`create table "reconcile_watermarks" ("name" text not null, "watermark" timestamptz not null, "updated_at" timestamptz not null, primary key ("name"));`);

    this.addSql(`create table "redeliveries" ("delivery_id" varchar(255) not null, "github_delivery_id" bigint not null, "hook" text not null, "reason" text not null, "requested_at" timestamptz not null, primary key ("delivery_id"));`);

    this.addSql(`create table "preview_comments" ("repository_id" uuid not null, "pull_request" int not null, "github_comment_id" bigint not null, "url" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("repository_id", "pull_request"));`);

    this.addSql(`create table "deployment_statuses" ("id" uuid not null, "request_id" uuid not null, "state" text not null, "environment_url" text null, "log_url" text null, "description" text null, "fingerprint" varchar(255) not null, "applied" boolean not null default false, "github_status_id" bigint null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "deployment_statuses_request_id_created_at_index" on "deployment_statuses" ("request_id", "created_at");`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_request_id_fingerprint_unique" unique ("request_id", "fingerprint");`);

    this.addSql(`alter table "webhook_events" add "source" text null;`);

    this.addSql(`alter table "deployment_requests" add "platform_state" text null, add "platform_state_at" timestamptz null, add "environment_url" text null, add "github_deployment_id" bigint null;`);

    this.addSql(`alter table "redeliveries" add constraint "redeliveries_reason_check" check ("reason" in ('failed', 'missing'));`);

    this.addSql(`alter table "preview_comments" add constraint "preview_comments_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id") on delete cascade;`);

    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_request_id_foreign" foreign key ("request_id") references "deployment_requests" ("id") on delete cascade;`);
    this.addSql(`alter table "deployment_statuses" add constraint "deployment_statuses_state_check" check ("state" in ('queued', 'in_progress', 'success', 'failure', 'error', 'inactive'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "hook_checks" cascade;`);
    this.addSql(`drop table if exists "reconcile_watermarks" cascade;`);
    this.addSql(`drop table if exists "redeliveries" cascade;`);
    this.addSql(`drop table if exists "preview_comments" cascade;`);
    this.addSql(`drop table if exists "deployment_statuses" cascade;`);

    this.addSql(`alter table "deployment_requests" drop column "platform_state", drop column "platform_state_at", drop column "environment_url", drop column "github_deployment_id";`);

    this.addSql(`alter table "webhook_events" drop column "source";`);
  }

}
