import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155900 extends Migration {

  override name = 'Migration20261206155900';

  // Deploy rules announce each change (workers keep them in memory while they listen), and
  // coalescing finds an environment's last request by sequence and its recent ones by creation
  // time without reading its whole history (the index on repository alone goes: the planner preferred it). Index builds lock writes to deployment_requests for
  // their duration (seconds per million rows).
  override up(): void | Promise<void> {
    this.addSql(`create or replace function "deploy_rules_deploy_rules_changed_fn"() returns trigger as \$\$ begin perform pg_notify('gwm_deploy_rules', coalesce(new.repository_id, old.repository_id)::text); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "deploy_rules_changed" AFTER INSERT OR UPDATE OR DELETE on "deploy_rules" for each ROW execute function "deploy_rules_deploy_rules_changed_fn"();`);

    this.addSql(`create index "deployment_requests_repository_id_environment_sequence_index" on "deployment_requests" ("repository_id", "environment", "sequence");`);
    this.addSql(`create index "deployment_requests_repository_id_environment_created_at_index" on "deployment_requests" ("repository_id", "environment", "created_at");`);
    // Lookups by repository alone use the indexes above; with this one the planner read an environment's whole history.
    this.addSql(`drop index "deployment_requests_repository_id_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deploy_rules_changed" on "deploy_rules";`);
    this.addSql(`drop function if exists "deploy_rules_deploy_rules_changed_fn"();`);

    this.addSql(`drop index "deployment_requests_repository_id_environment_sequence_index";`);
    this.addSql(`drop index "deployment_requests_repository_id_environment_created_at_index";`);
    this.addSql(`create index "deployment_requests_repository_id_index" on "deployment_requests" ("repository_id");`);
  }

}
