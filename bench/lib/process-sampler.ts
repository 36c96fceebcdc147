import { usage } from './processes.ts'

/** Samples the resident memory of named processes every few hundred ms; stop() gives each one's peak. */
export function startPeakRss(pids: Record<string, number>, everyMs = 250) {
  const watched = new Map(Object.entries(pids))
  const peaks = new Map<string, number>()
  const sample = () => {
    for (const [name, pid] of watched) {
      try {
        peaks.set(name, Math.max(peaks.get(name) ?? 0, usage(pid).rssBytes))
      } catch {} // exited
    }
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    watch(name: string, pid: number) {
      watched.set(name, pid)
    },
    stop(): Record<string, number> {
      clearInterval(timer)
      sample()
      return Object.fromEntries(peaks)
    },
  }
}
