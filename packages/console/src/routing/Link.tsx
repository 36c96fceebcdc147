import type { ComponentChildren } from 'preact'
import { navigate } from './location.ts'

interface LinkProps {
  href: string
  children: ComponentChildren
  class?: string
  'aria-current'?: 'page' | undefined
}

/** A link to a console page: a real <a> (keyboard, new tab), followed without a reload on a plain click. */
export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={onClick} {...rest}>{children}</a>
}
