/** Values as one parameter, in Postgres' array text: the query builder would spread a list into one parameter each. */
export const pgArray = (values: readonly string[]) => `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`
