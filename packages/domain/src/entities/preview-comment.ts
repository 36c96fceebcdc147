import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'

/** The one comment per pull request that carries the preview URL: updated, never duplicated. */
export const PreviewComment = defineEntity({
  name: 'PreviewComment',
  tableName: 'preview_comments',
  properties: {
    repository: () => p.manyToOne(Repository).primary().deleteRule('cascade'),
    pullRequest: p.integer().primary(),
    githubCommentId: p.bigint('number'),
    /** The preview URL the comment shows now. */
    url: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export type IPreviewComment = InferEntity<typeof PreviewComment>
