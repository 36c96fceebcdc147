import { usage } from './processes.ts'

export interface ProcessSamples {
  /** Peak resident memory in bytes, by name. */
  peakRss: Record<string, number>
  /** CPU seconds (user + system) from when each was watched to its last sample (before it exited, if it did). */
  cpuSeconds: Record<string, number>
}

/** Samples the resident memory and CPU time of named processes every few hundred ms until stop(). */
export function startProcessSampler(pids: Record<string, number>, everyMs = 250) {
  const watched = new Map(Object.entries(pids))
  const peaks = new Map<string, number>()
  const firstCpu = new Map<string, number>()
  const lastCpu = new Map<string, number>()
  const sampleOne = (name: string, pid: number) => {
    try {
      const { rssBytes, cpuSeconds } = usage(pid)
      peaks.set(name, Math.max(peaks.get(name) ?? 0, rssBytes))
      if (!firstCpu.has(name)) firstCpu.set(name, cpuSeconds)
      lastCpu.set(name, cpuSeconds)
    } catch {} // exited
  }
  const sample = () => {
    for (const [name, pid] of watched) sampleOne(name, pid)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    /** Watches one more process; its CPU counts from now. */
    watch(name: string, pid: number) {
      watched.set(name, pid)
      sampleOne(name, pid)
    },
    stop(): ProcessSamples {
      clearInterval(timer)
      sample()
      const cpuSeconds = Object.fromEntries([...lastCpu].map(([name, last]) => [name, last - firstCpu.get(name)!]))
      return { peakRss: Object.fromEntries(peaks), cpuSeconds }
    },
  }
}
