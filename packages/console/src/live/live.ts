import { createContext } from 'preact'
import { useContext, useEffect, useRef } from 'preact/hooks'
import type { LiveState } from './live-state.ts'

/** What the stream says: a message (an event stored, a callback's status), or "read again" after a reconnect. */
export type LiveNotice =
  | { type: 'message'; kind: string; deliveryId: string | null }
  | { type: 'resync' }

export interface Live {
  state: LiveState
  subscribe(listener: (notice: LiveNotice) => void): () => void
}

export const LiveContext = createContext<Live | null>(null)

export function useLiveState(): LiveState | null {
  return useContext(LiveContext)?.state ?? null
}

/** Calls `listener` for every notice of the stream while the component is shown. */
export function useLive(listener: (notice: LiveNotice) => void): void {
  const live = useContext(LiveContext)
  const ref = useRef(listener)
  ref.current = listener
  useEffect(() => live?.subscribe((notice) => ref.current(notice)), [live])
}
