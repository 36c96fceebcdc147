import { Migration } from '@mikro-orm/migrations';

export class Migration20261206204332 extends Migration {

  override name = 'Migration20261206204332';

  // Each request keeps its event's receipt time, so coalescing finds a request of its environment
  // received after a head by an index range (typically empty) instead of joining every recent
  // request to its event. Requests of the last day get it from their events; older ones keep null
  // (coalescing never compares a new head with them). The index build locks writes to
  // deployment_requests for its duration (seconds per million rows).
  override up(): void | Promise<void> {
    this.addSql(`drop index "deployment_requests_repository_id_environment_created_at_index";`);
    this.addSql(`alter table "deployment_requests" add "received_at" timestamptz null;`);
    this.addSql(`update "deployment_requests" d set "received_at" = e."received_at" from "webhook_events" e where e."id" = d."event_id" and d."created_at" > now() - interval '1 day';`);
    this.addSql(`create index "deployment_requests_repository_id_environment_received_at_index" on "deployment_requests" ("repository_id", "environment", "received_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "deployment_requests_repository_id_environment_received_at_index";`);
    this.addSql(`alter table "deployment_requests" drop column "received_at";`);
    this.addSql(`create index "deployment_requests_repository_id_environment_created_at_index" on "deployment_requests" ("repository_id", "environment", "created_at");`);
  }

}
