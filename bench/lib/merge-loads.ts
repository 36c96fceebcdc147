import type { LoadResult } from '../load.ts'

/**
 * One result from autocannon runs made side by side (one per server process). Counts and
 * rates add up; latency percentiles cannot be merged exactly, so p50 is the request-weighted
 * mean of the runs' p50s and every higher percentile is the worst run's.
 */
export function mergeLoads(results: LoadResult[]): LoadResult {
  if (results.length === 1) return results[0]!
  const total = (pick: (result: LoadResult) => number) => results.reduce((sum, result) => sum + pick(result), 0)
  const answered = total((result) => result['2xx'] + result.non2xx) || 1
  const latency = { ...results[0]!.latency }
  for (const key of Object.keys(latency) as Array<keyof typeof latency>) {
    latency[key] = key === 'p50'
      ? Math.round(total((result) => result.latency.p50 * (result['2xx'] + result.non2xx)) / answered)
      : Math.max(...results.map((result) => result.latency[key] as number))
  }
  const statusCodeStats: LoadResult['statusCodeStats'] = {}
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats) as Array<[keyof LoadResult['statusCodeStats'], { count: number }]>) {
      statusCodeStats[code] = { count: (statusCodeStats[code]?.count ?? 0) + count }
    }
  }
  return {
    ...results[0]!,
    '2xx': total((result) => result['2xx']),
    non2xx: total((result) => result.non2xx),
    errors: total((result) => result.errors),
    timeouts: total((result) => result.timeouts),
    duration: Math.max(...results.map((result) => result.duration)),
    latency,
    statusCodeStats,
    accepted: results.flatMap((result) => result.accepted),
  }
}
