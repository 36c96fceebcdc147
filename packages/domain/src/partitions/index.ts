export { dayStart, daySuffix, daysAfter } from './days.ts'
export { type Ensured, ensurePartitions } from './ensure-partitions.ts'
export { analyzeToday } from './analyze-today.ts'
