import { useEffect } from 'preact/hooks'
import { Layout } from './components/Layout.tsx'
import { LiveProvider } from './live/LiveProvider.tsx'
import { EventPage } from './pages/EventPage.tsx'
import { EventsPage } from './pages/EventsPage.tsx'
import { HomePage } from './pages/HomePage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { ReposPage } from './pages/ReposPage.tsx'
import { SignInPage } from './pages/SignInPage.tsx'
import { navigate, useLocation } from './routing/location.ts'
import { matchRoute, type Route } from './routing/routes.ts'
import { useSession } from './session/session.ts'
import { SessionProvider } from './session/SessionProvider.tsx'

export function App() {
  return (
    <SessionProvider>
      <Pages />
    </SessionProvider>
  )
}

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.page) {
    case 'home':
    case 'signin':
      return <HomePage />
    case 'repos':
      return <ReposPage />
    case 'events':
      return <EventsPage search={search} />
    case 'event':
      return <EventPage deliveryId={route.deliveryId} />
    case 'not_found':
      return <NotFoundPage />
  }
}

/** The page of the current path, or sign-in while nobody is signed in. */
function Pages() {
  const { pathname, search } = useLocation()
  const { state } = useSession()
  const route = matchRoute(pathname)
  const signedIn = state.status === 'signed_in'

  // Signed in, /signin has nothing to offer: the account page instead.
  useEffect(() => {
    if (signedIn && route.page === 'signin') navigate('/', { replace: true })
  }, [signedIn, route.page])

  if (state.status === 'loading') return <main id="main" class="page"><p role="status">Loading…</p></main>
  if (state.status === 'signed_out') {
    const returnTo = route.page === 'signin' ? '/' : `${pathname}${search}`
    return <SignInPage returnTo={returnTo} reason={!state.ended ? 'none' : state.byUser ? 'signed_out' : 'ended'} />
  }
  return (
    <LiveProvider>
      <Layout pathname={pathname}>
        <Page route={route} search={search} />
      </Layout>
    </LiveProvider>
  )
}
