import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const REPOSITORY_SELECTIONS = ['all', 'selected'] as const

/**
 * A GitHub App installation (App mode): the account it is installed on and which of its
 * repositories it covers. Kept up to date from the `installation` and `installation_repositories`
 * events; the repositories it covers point at it (Repository.installationId).
 */
export const Installation = defineEntity({
  name: 'Installation',
  tableName: 'installations',
  properties: {
    /** GitHub's installation id. */
    id: p.bigint('number').primary().autoincrement(false),
    accountLogin: p.text(),
    accountId: p.bigint('number'),
    accountType: p.text().default('User'),
    repositorySelection: p.enum(REPOSITORY_SELECTIONS).default('selected'),
    /** Its events are stored but derive no deployment requests while it is suspended. */
    suspendedAt: p.datetime().nullable(),
    /** Uninstalled: its repositories are disconnected. */
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export type IInstallation = InferEntity<typeof Installation>
