import { EVENTS_STREAM_PATH } from '@gwm/api-client'
import type { ComponentChildren } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useSession } from '../session/session.ts'
import { type Live, LiveContext, type LiveNotice } from './live.ts'
import { type LiveSignal, type LiveState, nextLiveState, reopenDelayMs } from './live-state.ts'

const MESSAGE_TYPES = ['event.stored', 'request.status', 'request.platform_status']

const END_REASONS: Record<string, string> = {
  access_changed: 'your access to a repository changed',
  github_unavailable: 'GitHub could not be asked what you may see',
  feed_unavailable: 'the gateway lost its event feed',
  server_closing: 'the gateway is restarting',
}

function deliveryIdOf(data: string): string | null {
  try {
    const parsed = JSON.parse(data) as { deliveryId?: unknown }
    return typeof parsed.deliveryId === 'string' ? parsed.deliveryId : null
  } catch {
    return null
  }
}

/**
 * One live stream (EventSource on GET /api/events/stream) for the whole console. The browser
 * reconnects a dropped stream by itself (sending Last-Event-ID); one it gave up on (an error
 * answer) is opened again after a growing wait. Each open tells the pages to read again what
 * they show, so nothing missed meanwhile stays missing.
 */
export function LiveProvider({ children }: { children: ComponentChildren }) {
  const session = useSession()
  const [state, setState] = useState<LiveState>({ status: 'connecting' })
  const listeners = useRef(new Set<(notice: LiveNotice) => void>())
  const stateRef = useRef(state)

  useEffect(() => {
    let source: EventSource | null = null
    let failures = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const notify = (notice: LiveNotice) => {
      for (const listener of listeners.current) listener(notice)
    }
    const signal = (next: LiveSignal) => {
      stateRef.current = nextLiveState(stateRef.current, next)
      setState(stateRef.current)
    }
    const open = () => {
      source = new EventSource(EVENTS_STREAM_PATH)
      source.onopen = () => {
        failures = 0
        signal({ type: 'open', at: new Date() })
        // The stream is subscribed once it opens; what was stored between a page's first read and
        // then (or while the stream was away) reached neither: the pages read once more.
        notify({ type: 'resync' })
      }
      source.onerror = () => {
        signal({ type: 'lost', at: new Date() })
        if (source?.readyState !== EventSource.CLOSED) return
        // An error answer (401, 429, 503): the browser will not try again, so we do; a 401 ends the session.
        failures += 1
        timer = setTimeout(() => {
          void session.refresh()
          open()
        }, reopenDelayMs(failures))
      }
      for (const type of MESSAGE_TYPES) {
        source.addEventListener(type, (event) => notify({ type: 'message', kind: type, deliveryId: deliveryIdOf((event as MessageEvent<string>).data) }))
      }
      // The gateway could not reach back to the last message seen: what the page shows may lack some.
      source.addEventListener('stream.reset', () => notify({ type: 'resync' }))
      source.addEventListener('stream.end', (event) => {
        let reason = ''
        try {
          reason = String((JSON.parse((event as MessageEvent<string>).data) as { reason?: unknown }).reason ?? '')
        } catch {}
        if (reason === 'session_ended') {
          source?.close()
          signal({ type: 'stopped', reason: 'your session ended' })
          session.ended()
          return
        }
        // The gateway closes the stream after this; the browser reconnects by itself.
        signal({ type: 'lost', at: new Date() })
        if (END_REASONS[reason]) console.info(`live updates: ${END_REASONS[reason]}, reconnecting`)
      })
    }
    open()
    return () => {
      clearTimeout(timer)
      source?.close()
    }
  }, [])

  const live = useMemo<Live>(() => ({
    state,
    subscribe: (listener) => {
      listeners.current.add(listener)
      return () => listeners.current.delete(listener)
    },
  }), [state])

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>
}
