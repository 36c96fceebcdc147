import { useEffect } from 'preact/hooks'

/** The browser tab names the page first, then the console. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Webhook Manager`
  }, [title])
}
