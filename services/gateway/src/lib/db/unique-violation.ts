/** A Postgres unique-constraint violation (SQLSTATE 23505), as MikroORM reports it. */
export const isUniqueViolation = (error: unknown) =>
  (error as { code?: string } | null)?.code === '23505' || (error as Error | null)?.name === 'UniqueConstraintViolationException'
