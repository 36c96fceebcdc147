// Runs in every page the browser tests open, before the console's own scripts
// (page.addInitScript): it records, with the browser's own clock, what the tests read back
// through window.probes. Plain JavaScript: it is the page's code, not the test's.
;(() => {
  const probes = {
    /** Set by a test on this document: a reload or a navigation starts a new one without it. */
    marked: false,
    /** Every text the page's live status regions showed, in order. */
    statusTexts: [],
    /** How many rows of the "Events" table to wait for (set before the page loads), and when (and how many) were there. */
    rowsWanted: Number(sessionStorage.getItem('probes.rowsWanted') || 0),
    rowsRenderedAt: undefined,
    rowsRendered: 0,
    /** When the answer of the events list that those rows show reached the page. */
    eventsAnsweredAt: undefined,

    /** Clicks the link whose text contains `linkText`; resolves with the milliseconds until the main region contains `text`. */
    timeOpen(linkText, text) {
      return new Promise((resolve, reject) => {
        const link = [...document.querySelectorAll('a')].find((anchor) => anchor.textContent.includes(linkText))
        if (!link) return reject(new Error(`no link "${linkText}"`))
        const started = performance.now()
        const check = () => {
          if (document.querySelector('main')?.textContent.includes(text)) resolve(performance.now() - started)
          else requestAnimationFrame(check)
        }
        link.click()
        requestAnimationFrame(check)
        setTimeout(() => reject(new Error(`"${text}" was not shown within 20 s`)), 20_000)
      })
    },
  }
  window.probes = probes

  const eventRows = () => document.querySelector('table[aria-label="Events"] tbody')?.rows.length ?? 0
  const lastEventsAnswer = () =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => /\/api\/events(\?|$)/.test(entry.name))
      .at(-1)
  /** The rows to wait for: as many as wanted, or the page size the console asked for when smaller. */
  const rowsExpected = (answer) => {
    const limit = Number(new URL(answer.name).searchParams.get('limit') || Number.POSITIVE_INFINITY)
    return Math.min(probes.rowsWanted, limit)
  }

  const note = () => {
    for (const region of document.querySelectorAll('[role="status"]')) {
      const text = region.textContent.trim()
      if (text && probes.statusTexts.at(-1) !== text) probes.statusTexts.push(text)
    }
    const answer = probes.rowsWanted && probes.rowsRenderedAt === undefined ? lastEventsAnswer() : undefined
    const rows = eventRows()
    if (answer && rows >= rowsExpected(answer)) {
      probes.rowsRenderedAt = performance.now()
      probes.rowsRendered = rows
      probes.eventsAnsweredAt = answer.responseEnd
    }
  }
  document.addEventListener('DOMContentLoaded', () => {
    note()
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
})()
