import type { TestLike } from '../../packages/testkit/src/teardown.ts'

/**
 * The benchmark's cleanup steps (databases, Redis keys, processes), run newest first and only
 * once: after the run, after a failure, or on Ctrl-C / SIGTERM. Stands in for tap's teardown,
 * so the testkit's and the fault suite's helpers work here unchanged.
 */
export class Teardowns implements TestLike {
  #steps: Array<() => unknown> = []
  #run: Promise<void> | undefined

  teardown(step: () => unknown): void {
    this.#steps.push(step)
  }

  run(): Promise<void> {
    this.#run ??= (async () => {
      for (const step of this.#steps.reverse()) {
        try {
          await step()
        } catch (error) {
          process.stderr.write(`cleanup step failed: ${error instanceof Error ? error.message : error}\n`)
        }
      }
    })()
    return this.#run
  }

  /** On SIGINT / SIGTERM: clean up, then exit as the signal would have. */
  runOnSignals(log: (line: string) => void): void {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        log(`${signal}: stopping and cleaning up`)
        void this.run().finally(() => process.exit(code))
      })
    }
  }
}
