import { JsonValue } from './JsonValue.tsx'

/** A collapsible view of a JSON value: every string shown as text, never as markup. */
export function JsonViewer({ value, label }: { value: unknown; label: string }) {
  return (
    <ul class="json-tree" aria-label={label}>
      <JsonValue name={null} value={value} depth={0} />
    </ul>
  )
}
