/** The console's pages, by path: /, /signin, /repos, /events, /events/:deliveryId. */
export type Route =
  | { page: 'home' }
  | { page: 'signin' }
  | { page: 'repos' }
  | { page: 'events' }
  | { page: 'event'; deliveryId: string }
  | { page: 'not_found' }

/** The page a path shows; a trailing slash is the same page. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/' || path === '') return { page: 'home' }
  if (path === '/signin') return { page: 'signin' }
  if (path === '/repos') return { page: 'repos' }
  if (path === '/events') return { page: 'events' }
  const event = /^\/events\/([^/]+)$/.exec(path)
  if (event?.[1]) {
    try {
      return { page: 'event', deliveryId: decodeURIComponent(event[1]) }
    } catch {
      return { page: 'not_found' }
    }
  }
  return { page: 'not_found' }
}

/** The path of one event's page. */
export const eventPath = (deliveryId: string) => `/events/${encodeURIComponent(deliveryId)}`
