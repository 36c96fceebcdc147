import { Migration } from '@mikro-orm/migrations';

export class Migration20261124030103 extends Migration {

  override name = 'Migration20261124030103';

  override up(): void | Promise<void> {
    this.addSql(`create table "platform_notices" ("id" uuid not null, "type" text not null, "user_id" uuid not null, "data" jsonb not null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "platform_notices_status_next_attempt_at_index" on "platform_notices" ("status", "next_attempt_at");`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_type_user_id_unique" unique ("type", "user_id");`);

    this.addSql(`alter table "callback_attempts" drop constraint "callback_attempts_request_id_foreign";`);

    this.addSql(`create index "webhook_events_repository_id_received_at_index" on "webhook_events" ("repository_id", "received_at");`);

    // Existing rows get now() as their next attempt (the sweeper looks at them once); new rows set it themselves.
    this.addSql(`alter table "deployment_requests" add "pull_request" int null, add "next_attempt_at" timestamptz not null default now(), add "last_error" text null;`);
    this.addSql(`alter table "deployment_requests" alter column "next_attempt_at" drop default;`);
    this.addSql(`create index "deployment_requests_repository_id_index" on "deployment_requests" ("repository_id");`);
    this.addSql(`create index "deployment_requests_status_next_attempt_at_index" on "deployment_requests" ("status", "next_attempt_at");`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_event_id_kind_environment_unique" unique ("event_id", "kind", "environment");`);

    this.addSql(`alter table "callback_attempts" add "notice_id" uuid null, add "attempt" int not null default 1, add "retry_at" timestamptz null;`);
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_notice_id_foreign" foreign key ("notice_id") references "platform_notices" ("id") on delete cascade;`);
    this.addSql(`alter table "callback_attempts" alter column "request_id" drop not null;`);
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_request_id_foreign" foreign key ("request_id") references "deployment_requests" ("id") on delete cascade;`);
    this.addSql(`create index "callback_attempts_request_id_index" on "callback_attempts" ("request_id");`);
    this.addSql(`create index "callback_attempts_notice_id_index" on "callback_attempts" ("notice_id");`);

    this.addSql(`alter table "platform_notices" add constraint "platform_notices_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_type_check" check ("type" in ('user.provisioned'));`);
    this.addSql(`alter table "platform_notices" add constraint "platform_notices_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "callback_attempts" drop constraint "callback_attempts_notice_id_foreign";`);

    this.addSql(`drop table if exists "platform_notices" cascade;`);

    this.addSql(`alter table "callback_attempts" drop constraint "callback_attempts_request_id_foreign";`);

    this.addSql(`drop index "callback_attempts_request_id_index";`);
    this.addSql(`drop index "callback_attempts_notice_id_index";`);
    this.addSql(`alter table "callback_attempts" drop column "notice_id", drop column "attempt", drop column "retry_at";`);
    this.addSql(`alter table "callback_attempts" alter column "request_id" set not null;`);
    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_request_id_foreign" foreign key ("request_id") references "deployment_requests" ("id");`);

    this.addSql(`drop index "deployment_requests_repository_id_index";`);
    this.addSql(`drop index "deployment_requests_status_next_attempt_at_index";`);
    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_event_id_kind_environment_unique";`);
    this.addSql(`alter table "deployment_requests" drop column "pull_request", drop column "next_attempt_at", drop column "last_error";`);

    this.addSql(`drop index "webhook_events_repository_id_received_at_index";`);
  }

}
