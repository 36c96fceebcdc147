const DAY_MS = 86_400_000

/** The start (UTC midnight) of the day holding this instant. */
export const dayStart = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS)

/** The day `days` days after the one holding this instant (before it, when negative). */
export const daysAfter = (at: Date, days: number) => new Date(dayStart(at).getTime() + days * DAY_MS)

/** A day's partition's suffix: _p20261207. */
export const daySuffix = (day: Date) => `_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`
