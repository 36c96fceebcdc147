import type { MigrationObject } from '@mikro-orm/core'
import { Migration20261124025217 } from './Migration20261124025217.ts'
import { Migration20261124030103 } from './Migration20261124030103.ts'
import { Migration20261124042903 } from './Migration20261124042903.ts'
import { Migration20261202210604 } from './Migration20261202210604.ts'
import { Migration20261203043000 } from './Migration20261203043000.ts'
import { Migration20261206032958 } from './Migration20261206032958.ts'
import { Migration20261206041641 } from './Migration20261206041641.ts'
import { Migration20261206043940 } from './Migration20261206043940.ts'
import { Migration20261206154801 } from './Migration20261206154801.ts'
import { Migration20261206155900 } from './Migration20261206155900.ts'
import { Migration20261206204332 } from './Migration20261206204332.ts'
import { Migration20261206212631 } from './Migration20261206212631.ts'
import { Migration20261207000100 } from './Migration20261207000100.ts'
import { Migration20261207000200 } from './Migration20261207000200.ts'
import { Migration20261207000300 } from './Migration20261207000300.ts'
import { Migration20261207000400 } from './Migration20261207000400.ts'
import { Migration20261207010000 } from './Migration20261207010000.ts'
import { Migration20261207050000 } from './Migration20261207050000.ts'
import { Migration20261207060000 } from './Migration20261207060000.ts'
import { Migration20261207070000 } from './Migration20261207070000.ts'
import { Migration20261207080000 } from './Migration20261207080000.ts'

/** Every migration, in order. Generate the next with `pnpm --filter @gwm/domain migration:create`, then list it here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124025217', class: Migration20261124025217 },
  { name: 'Migration20261124030103', class: Migration20261124030103 },
  { name: 'Migration20261124042903', class: Migration20261124042903 },
  { name: 'Migration20261202210604', class: Migration20261202210604 },
  { name: 'Migration20261203043000', class: Migration20261203043000 },
  { name: 'Migration20261206032958', class: Migration20261206032958 },
  { name: 'Migration20261206041641', class: Migration20261206041641 },
  { name: 'Migration20261206043940', class: Migration20261206043940 },
  { name: 'Migration20261206154801', class: Migration20261206154801 },
  { name: 'Migration20261206155900', class: Migration20261206155900 },
  { name: 'Migration20261206204332', class: Migration20261206204332 },
  { name: 'Migration20261206212631', class: Migration20261206212631 },
  { name: 'Migration20261207000100', class: Migration20261207000100 },
  { name: 'Migration20261207000200', class: Migration20261207000200 },
  { name: 'Migration20261207000300', class: Migration20261207000300 },
  { name: 'Migration20261207000400', class: Migration20261207000400 },
  { name: 'Migration20261207010000', class: Migration20261207010000 },
  { name: 'Migration20261207050000', class: Migration20261207050000 },
  { name: 'Migration20261207060000', class: Migration20261207060000 },
  { name: 'Migration20261207070000', class: Migration20261207070000 },
  { name: 'Migration20261207080000', class: Migration20261207080000 },
]
