import { useLiveState } from './live.ts'
import { liveStatusText } from './live-state.ts'

/** The live stream's state in words, announced politely when it changes. */
export function LiveStatus() {
  const state = useLiveState()
  if (!state) return null
  return <p class={`live live-${state.status}`} role="status">{liveStatusText(state)}</p>
}
