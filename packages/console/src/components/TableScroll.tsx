import type { ComponentChildren } from 'preact'

/**
 * A table that scrolls sideways on a narrow screen. The scrolling box takes the keyboard focus
 * (tabIndex 0) so it can be scrolled without a pointer, and names itself (a named <section> is a region).
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be focusable to be scrolled from the keyboard
    <section class="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  )
}
