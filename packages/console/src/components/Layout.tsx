import type { ComponentChildren } from 'preact'
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
