/**
 * Coalesces the calls made in one turn of the event loop into a single flush. Under load
 * many deliveries finish reading their bodies in the same poll phase; flushing them together
 * costs one Redis round trip (a pipeline) instead of one each. Every caller still gets its
 * own result, or the batch's error, and nothing resolves before the flush has.
 */
export type Batched<T, R> = (item: T) => Promise<R>

interface Waiter<R> {
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

export function createBatcher<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch = 512): Batched<T, R> {
  let items: T[] = []
  let waiters: Array<Waiter<R>> = []
  let scheduled = false

  const run = () => {
    scheduled = false
    const batch = items
    const batchWaiters = waiters
    items = []
    waiters = []
    if (batch.length === 0) return
    let flushed: Promise<R[]>
    try {
      flushed = flush(batch)
    } catch (error) {
      flushed = Promise.reject(error)
    }
    flushed.then(
      (results) => {
        for (let i = 0; i < batchWaiters.length; i++) batchWaiters[i]!.resolve(results[i] as R)
      },
      (error: unknown) => {
        for (const waiter of batchWaiters) waiter.reject(error)
      },
    )
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      items.push(item)
      waiters.push({ resolve, reject })
      if (items.length >= maxBatch) run()
      else if (!scheduled) {
        scheduled = true
        // After the I/O callbacks of this turn: every request that completed in it joins.
        setImmediate(run)
      }
    })
}
