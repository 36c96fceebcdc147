// String literals ('…', E'…', with '' inside), dollar-quoted bodies ($$…$$, $tag$…$tag$), and
// numbers that are not a placeholder ($1) or part of a name.
const LITERALS = /[eE]?'(?:[^']|'')*'|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|(?<![$\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/g

/**
 * A SQL text with its literal values replaced by `?`: what a span may say of a query. Our hot
 * statements send their values as parameters, but the ORM inlines some (a repository's name,
 * its URLs), and those come from payloads.
 */
export const withoutLiterals = (sql: string): string => sql.replace(LITERALS, '?')
