import { Migration } from '@mikro-orm/migrations';

export class Migration20261206161500 extends Migration {

  override name = 'Migration20261206161500';

  // Workers keep each repository's deploy rules in memory: every change to deploy_rules, by
  // whichever writer, tells them on the gwm_deploy_rules channel (delivered when it commits).
  override up(): void | Promise<void> {
    this.addSql(`create or replace function gwm_notify_deploy_rules() returns trigger language plpgsql as $$
      begin
        perform pg_notify('gwm_deploy_rules', coalesce(new.repository_id, old.repository_id)::text);
        return null;
      end $$;`);
    this.addSql(`create trigger deploy_rules_changed after insert or update or delete on "deploy_rules"
      for each row execute function gwm_notify_deploy_rules();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists deploy_rules_changed on "deploy_rules";`);
    this.addSql(`drop function if exists gwm_notify_deploy_rules();`);
  }

}
