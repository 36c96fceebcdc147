import { useTitle } from '../lib/use-title.ts'
import { Link } from '../routing/Link.tsx'

export function NotFoundPage() {
  useTitle('Page not found')
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no console page at this address. <Link href="/events">Go to the events</Link>.</p>
    </>
  )
}
