import { useEffect, useState } from 'preact/hooks'
import { EVENT_STATUSES, type EventFilters, filterProblems, NO_FILTERS } from './event-filters.ts'

interface Props {
  filters: EventFilters
  onApply: (filters: EventFilters) => void
}

const COMMON_EVENTS = ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite', 'check_run', 'ping']

/** The events page's filters: repository, event name, status, received since and before. */
export function EventFiltersForm({ filters, onApply }: Props) {
  const [draft, setDraft] = useState(filters)
  const [tried, setTried] = useState(false)
  useEffect(() => setDraft(filters), [filters.repo, filters.event, filters.status, filters.since, filters.until])
  const problems = tried ? filterProblems(draft) : {}
  const set = (key: keyof EventFilters) => (event: Event) => setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement).value })

  const submit = (event: Event) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(filterProblems(draft)).length === 0) onApply(draft)
  }
  const field = (key: keyof EventFilters) => ({
    id: `filter-${key}`,
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': problems[key] ? `filter-${key}-problem` : undefined,
  })
  const problem = (key: keyof EventFilters) => problems[key] && <p id={`filter-${key}-problem`} class="field-problem">{problems[key]}</p>

  return (
    <form class="filters" onSubmit={submit} aria-label="Filter events" noValidate>
      <div class="field">
        <label for="filter-repo">Repository</label>
        <input {...field('repo')} type="text" placeholder="owner/name" value={draft.repo} onInput={set('repo')} autoComplete="off" />
        {problem('repo')}
      </div>
      <div class="field">
        <label for="filter-event">Event name</label>
        <input {...field('event')} type="text" list="filter-event-names" placeholder="push" value={draft.event} onInput={set('event')} autoComplete="off" />
        <datalist id="filter-event-names">{COMMON_EVENTS.map((name) => <option key={name} value={name} />)}</datalist>
        {problem('event')}
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select {...field('status')} value={draft.status} onChange={set('status')}>
          <option value="">Any</option>
          {EVENT_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="filter-since">Received since</label>
        <input {...field('since')} type="datetime-local" value={draft.since} onInput={set('since')} />
        {problem('since')}
      </div>
      <div class="field">
        <label for="filter-until">Received before</label>
        <input {...field('until')} type="datetime-local" value={draft.until} onInput={set('until')} />
        {problem('until')}
      </div>
      <div class="filter-buttons">
        <button type="submit" class="button-primary">Apply filters</button>
        <button type="button" onClick={() => { setTried(false); setDraft(NO_FILTERS); onApply(NO_FILTERS) }}>Clear filters</button>
      </div>
    </form>
  )
}
