// Whether a long steady run grew: each watched figure's mean over the last third of the samples
// against the first third's. Growth is more than `ratio` times and more than `floor` (in the
// figure's own unit) above it: a small figure doubling by noise is not growth.

export interface Watched {
  name: string
  values: number[]
  ratio: number
  floor: number
  unit: string
}

export interface Trend {
  name: string
  first: number
  last: number
  unit: string
  grew: boolean
}

const mean = (values: number[]) => {
  const known = values.filter((value) => Number.isFinite(value))
  return known.length ? known.reduce((sum, value) => sum + value, 0) / known.length : Number.NaN
}

export function trend({ name, values, ratio, floor, unit }: Watched): Trend {
  const third = Math.max(1, Math.floor(values.length / 3))
  const first = mean(values.slice(0, third))
  const last = mean(values.slice(-third))
  const grew = Number.isFinite(first) && Number.isFinite(last) && last > first * ratio && last - first > floor
  return { name, first, last, unit, grew }
}

/** "no growth", or what grew. */
export function verdict(trends: Trend[]): string {
  const grown = trends.filter((each) => each.grew)
  return grown.length ? `growth: ${grown.map((each) => each.name).join(', ')}` : 'no growth'
}
