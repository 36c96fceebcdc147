import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { Link } from '../routing/Link.tsx'
import { useSession } from '../session/session.ts'
import { SignOutButton } from './SignOutButton.tsx'

const NAV = [
  { href: '/events', label: 'Events' },
  { href: '/repos', label: 'Repositories' },
]

/** The frame of every signed-in page: the site's name, its pages, who is signed in, and sign-out. */
export function Layout({ pathname, children }: { pathname: string; children: ComponentChildren }) {
  const { state } = useSession()
  // After a move to another page (not on the first load), the keyboard and screen readers start at its content.
  const shown = useRef(pathname)
  useEffect(() => {
    if (shown.current === pathname) return
    shown.current = pathname
    document.getElementById('main')?.focus({ preventScroll: false })
  }, [pathname])
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <Link href="/" class="brand">Webhook Manager</Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={pathname === item.href || pathname.startsWith(`${item.href}/`) ? 'page' : undefined}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        {state.status === 'signed_in' && (
          <div class="who">
            <Link href="/">{state.user.login}</Link>
            <SignOutButton />
          </div>
        )}
      </header>
      <main id="main" class="page" tabIndex={-1}>{children}</main>
    </>
  )
}
