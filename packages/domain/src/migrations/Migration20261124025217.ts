import { Migration } from '@mikro-orm/migrations';

export class Migration20261124025217 extends Migration {

  override name = 'Migration20261124025217';

  override up(): void | Promise<void> {
    this.addSql(`create table "repositories" ("id" uuid not null, "github_id" bigint not null, "full_name" varchar(255) not null, "default_branch" varchar(255) not null default 'main', "private" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "repositories" add constraint "repositories_github_id_unique" unique ("github_id");`);
    this.addSql(`create index "repositories_full_name_index" on "repositories" ("full_name");`);

    this.addSql(`create table "users" ("id" uuid not null, "github_id" bigint not null, "login" varchar(255) not null, "name" varchar(255) null, "email" varchar(255) null, "avatar_url" varchar(255) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_login_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_github_id_unique" unique ("github_id");`);

    this.addSql(`create table "webhooks" ("id" uuid not null, "github_hook_id" bigint not null, "repository_id" uuid not null, "connected_by_id" uuid null, "events" text[] not null, "secret_encrypted" text not null, "previous_secret_encrypted" text null, "previous_secret_expires_at" timestamptz null, "active" boolean not null default true, "verified_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "webhooks" add constraint "webhooks_github_hook_id_unique" unique ("github_hook_id");`);

    this.addSql(`create table "webhook_events" ("id" uuid not null, "delivery_id" varchar(255) not null, "hook_id" bigint not null default '0', "event" varchar(255) not null, "action" varchar(255) null, "repository_id" uuid null, "sender" varchar(255) null, "received_at" timestamptz not null, "processed_at" timestamptz null, "payload" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "webhook_events_delivery_id_index" on "webhook_events" ("delivery_id");`);
    this.addSql(`create index "webhook_events_event_index" on "webhook_events" ("event");`);
    this.addSql(`create index "webhook_events_received_at_index" on "webhook_events" ("received_at");`);
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_hook_id_delivery_id_unique" unique ("hook_id", "delivery_id");`);

    this.addSql(`create table "deployment_requests" ("id" uuid not null, "event_id" uuid not null, "repository_id" uuid not null, "kind" text not null, "ref" varchar(255) not null, "sha" varchar(255) null, "environment" varchar(255) not null, "status" text not null default 'pending', "attempts" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "deployment_requests_status_index" on "deployment_requests" ("status");`);

    this.addSql(`create table "callback_attempts" ("id" uuid not null, "request_id" uuid not null, "at" timestamptz not null, "status_code" int null, "duration_ms" int not null, "error" text null, primary key ("id"));`);

    this.addSql(`alter table "webhooks" add constraint "webhooks_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id");`);
    this.addSql(`alter table "webhooks" add constraint "webhooks_connected_by_id_foreign" foreign key ("connected_by_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "webhook_events" add constraint "webhook_events_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id") on delete set null;`);

    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_event_id_foreign" foreign key ("event_id") references "webhook_events" ("id");`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_repository_id_foreign" foreign key ("repository_id") references "repositories" ("id");`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_kind_check" check ("kind" in ('production', 'preview', 'teardown'));`);
    this.addSql(`alter table "deployment_requests" add constraint "deployment_requests_status_check" check ("status" in ('pending', 'delivering', 'delivered', 'failed'));`);

    this.addSql(`alter table "callback_attempts" add constraint "callback_attempts_request_id_foreign" foreign key ("request_id") references "deployment_requests" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhooks" drop constraint "webhooks_repository_id_foreign";`);
    this.addSql(`alter table "webhook_events" drop constraint "webhook_events_repository_id_foreign";`);
    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_repository_id_foreign";`);
    this.addSql(`alter table "webhooks" drop constraint "webhooks_connected_by_id_foreign";`);
    this.addSql(`alter table "deployment_requests" drop constraint "deployment_requests_event_id_foreign";`);
    this.addSql(`alter table "callback_attempts" drop constraint "callback_attempts_request_id_foreign";`);

    this.addSql(`drop table if exists "repositories" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "webhooks" cascade;`);
    this.addSql(`drop table if exists "webhook_events" cascade;`);
    this.addSql(`drop table if exists "deployment_requests" cascade;`);
    this.addSql(`drop table if exists "callback_attempts" cascade;`);
  }

}
