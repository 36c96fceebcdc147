import { Migration } from '@mikro-orm/migrations';

export class Migration20261206041641 extends Migration {

  override name = 'Migration20261206041641';

  // Deploy intent: versioned per-repository deploy rules, a sequence per (repository,
  // environment), and requests that wait for checks, are blocked, or are superseded by a newer
  // one for the same environment (with the rule that matched); an index to find a repository
  // environment's requests (one callback in flight per environment). Adds tables, columns, an index.
  override up(): void | Promise<void> {
    this.addSql(`create table "environment_sequences" ("repository_id" uuid not null, "environment" varchar(255) not null, "last_sequence" int not null default 0, primary key ("repository_id", "environment"));`);

    this.addSql(`create table "deploy_rules" ("id" uuid not null, "repository_id" uuid not null, "version" int not null, "rules" jsonb not null, "changed_by" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "deploy_rules" add constraint "deploy_rules_repository_id_version_unique" unique ("repository_id", "version");`);

    this.addSql(`alter table "platform_notices" drop constraint "platform_notices_status_check";`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled', 'waiting_checks', 'blocked', 'superseded'));`);

    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_status_check";`);
    this.addSql(`alter table "deployment_requests" add "sequence" int null, add "reason" text null, add "superseded_by" uuid null, add "checks_deadline" timestamptz null;`);
    this.addSql(`create index "deployment_requests_repository_id_environment_status_index" on "deployment_requests" ("repository_id", "environment", "status");`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled', 'waiting_checks', 'blocked', 'superseded'));`);

    this.addSql(`alter table "environment_sequences" add constraint "environment_sequences_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id") on delete cascade;`);

    this.addSql(`alter table "deploy_rules" add constraint "deploy_rules_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "environment_sequences" cascade;`);
    this.addSql(`drop table if exists "deploy_rules" cascade;`);

    this.addSql(`drop index "deployment_requests_repository_id_environment_status_index";`);
    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_status_check";`);
    this.addSql(`alter table "deployment_requests" drop column "sequence", drop column "reason", drop column "superseded_by", drop column "checks_deadline";`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled'));`);

    this.addSql(`alter table "platform_notices" drop constraint "platform_notices_status_check";`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed', 'cancelled'));`);
  }

}
