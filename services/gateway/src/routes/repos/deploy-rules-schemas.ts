import { DeployRulesSchema } from '@gwm/domain'
import Type from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const rules = () => Type.Object(DeployRulesSchema.properties, {
  additionalProperties: false,
  description: 'The rules in force, every default applied (production.branches absent: the repository\'s default branch)',
})

const versionFields = {
  version: Type.Integer({ minimum: 0, description: 'Increases by one with every change; 0 when none was ever stored' }),
  changedBy: nullable(Type.String({ description: 'The GitHub login of the admin who made this version, or "platform"' })),
  changedAt: nullable(Type.String({ format: 'date-time' })),
}

export const RulesBody = Type.Object({
  repository: Type.String({ description: 'owner/name as GitHub spells it' }),
  rules: rules(),
  ...versionFields,
  defaults: Type.Boolean({ description: 'true: no rules were ever stored, the defaults apply' }),
})

export const HistoryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'How many versions, newest first' }),
}, { additionalProperties: false })

export const HistoryBody = Type.Object({
  repository: Type.String(),
  versions: Type.Array(Type.Object({ ...versionFields, rules: rules() }), { description: 'Newest first; empty when the defaults were never changed' }),
})
