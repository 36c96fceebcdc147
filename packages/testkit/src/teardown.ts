/** The part of a tap Test the testkit needs, so the kit does not depend on the runner. */
export interface TestLike {
  teardown(fn: () => unknown | Promise<unknown>): void
}
