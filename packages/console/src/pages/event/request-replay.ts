/** Only a request sent before can be sent again: the API answers 409 for any other. */
const SENT_BEFORE = new Set(['delivered', 'failed'])

export const isReplayable = (status: string) => SENT_BEFORE.has(status)
