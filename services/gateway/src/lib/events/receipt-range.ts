/**
 * The receipt times of these events as a filter on what hangs off them (requests, attempts,
 * statuses carry their event's receivedAt, the tables' partition key): Postgres reads only the
 * partitions of those days instead of looking in every one. From the earliest to just past the
 * latest millisecond, so a time stored finer than a JavaScript Date still falls inside.
 */
export function receiptRange(events: ReadonlyArray<{ receivedAt: Date }>): { $gte: Date; $lt: Date } {
  const times = events.map((event) => event.receivedAt.getTime())
  return { $gte: new Date(Math.min(...times)), $lt: new Date(Math.max(...times) + 1) }
}
