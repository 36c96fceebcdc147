// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    mean: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    max: number
  }
  export interface Result {
    latency: Histogram
    requests: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
  }
  interface Options {
    url: string
    method?: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    headers?: Record<string, string>
    body?: string | Buffer
    requests?: Array<{
      setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>
      onResponse?: (status: number, body: string) => void
    }>
  }
  export default function autocannon(options: Options): Promise<Result>
}
