import { Link } from '../../routing/Link.tsx'

/** The empty list: how to send a first event, or (filtered) that nothing matches. */
export function NoEvents({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <div class="empty">
        <h2>No events match these filters</h2>
        <p><button type="button" onClick={onClear}>Clear filters</button> to see every event.</p>
      </div>
    )
  }
  return (
    <div class="empty">
      <h2>No events yet</h2>
      <p>To send the first one:</p>
      <ol>
        <li><Link href="/repos">Connect a repository</Link> on the Repositories page.</li>
        <li>Push a commit to it, open a pull request, or press <strong>Ping</strong> beside it.</li>
        <li>The event shows up here as soon as it arrives, without reloading this page.</li>
      </ol>
    </div>
  )
}
