import { Migration } from '@mikro-orm/migrations';

export class Migration20261207070000 extends Migration {

  override name = 'Migration20261207070000';

  // Workers no longer listen for changes to the deploy rules: each batch reads which version is
  // in force (store/current-rules.ts), so the announcement on every change goes. Dropping a
  // trigger takes deploy_rules' ACCESS EXCLUSIVE lock for an instant.
  override up(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deploy_rules_changed" on "deploy_rules";`);
    this.addSql(`drop function if exists "deploy_rules_deploy_rules_changed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "deploy_rules_deploy_rules_changed_fn"() returns trigger as \$\$ begin perform pg_notify('gwm_deploy_rules', coalesce(new.repository_id, old.repository_id)::text); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "deploy_rules_changed" AFTER INSERT OR UPDATE OR DELETE on "deploy_rules" for each ROW execute function "deploy_rules_deploy_rules_changed_fn"();`);
  }

}
