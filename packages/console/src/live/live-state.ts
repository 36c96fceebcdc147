/** The live stream as the page shows it. */
export type LiveState =
  | { status: 'connecting' }
  | { status: 'live'; reconnectedAt: Date | null }
  | { status: 'reconnecting'; lostAt: Date }
  | { status: 'stopped'; reason: string }

export type LiveSignal =
  | { type: 'open'; at: Date }
  | { type: 'lost'; at: Date }
  | { type: 'stopped'; reason: string }

/** The state after a signal from the stream: an open after a loss is a reconnect, and says when. */
export function nextLiveState(state: LiveState, signal: LiveSignal): LiveState {
  switch (signal.type) {
    case 'open':
      return { status: 'live', reconnectedAt: state.status === 'connecting' ? null : signal.at }
    case 'lost':
      return state.status === 'reconnecting' ? state : { status: 'reconnecting', lostAt: signal.at }
    case 'stopped':
      return { status: 'stopped', reason: signal.reason }
  }
}

const clock = (at: Date) => at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** The words for a state, as the status line reads them. */
export function liveStatusText(state: LiveState): string {
  switch (state.status) {
    case 'connecting':
      return 'Live updates: connecting…'
    case 'live':
      return state.reconnectedAt ? `Live updates: reconnected at ${clock(state.reconnectedAt)}` : 'Live updates: on'
    case 'reconnecting':
      return `Live updates: connection lost at ${clock(state.lostAt)}, reconnecting…`
    case 'stopped':
      return `Live updates stopped: ${state.reason}`
  }
}

/** The wait before opening a stream the browser gave up on: 3 s, doubling, at most 30 s. */
export const reopenDelayMs = (failures: number) => Math.min(3000 * 2 ** Math.max(failures - 1, 0), 30_000)
