import { useState } from 'preact/hooks'
import { CHILD_SLICE, childCount, childrenOf, foldedSummary, kindOf, nextSlice, scalarText, startsOpen } from './json-tree.ts'

interface Props {
  name: string | null
  value: unknown
  depth: number
}

/** One value of the tree: a scalar as text, or a container that draws its children only while open. */
export function JsonValue({ name, value, depth }: Props) {
  const kind = kindOf(value)
  const label = name === null ? null : <span class="json-key">{name}: </span>
  if (kind !== 'object' && kind !== 'array') return <li>{label}<Scalar value={value} kind={kind} /></li>
  return <Container name={name} value={value} depth={depth} kind={kind} />
}

function Scalar({ value, kind }: { value: unknown; kind: string }) {
  const [whole, setWhole] = useState(false)
  const { text, cut } = scalarText(value, whole)
  return (
    <>
      <span class={`json-${kind}`}>{text}</span>
      {cut && <button type="button" class="link-button" onClick={() => setWhole(true)}>Show all</button>}
    </>
  )
}

function Container({ name, value, depth, kind }: Props & { kind: 'object' | 'array' }) {
  const total = childCount(value)
  const [open, setOpen] = useState(() => startsOpen(depth, total))
  const [shown, setShown] = useState(() => Math.min(CHILD_SLICE, total))
  const title = name ?? (kind === 'array' ? 'array' : 'object')
  return (
    <li>
      <button type="button" class="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="json-key">{title}</span> <span class="json-summary">{foldedSummary(value)}</span>
      </button>
      {open && total > 0 && (
        <ul class="json-children">
          {childrenOf(value).slice(0, shown).map(([key, child]) => <JsonValue key={key} name={key} value={child} depth={depth + 1} />)}
          {shown < total && (
            <li>
              <button type="button" class="link-button" onClick={() => setShown(nextSlice(shown, total))}>
                Show more ({total - shown} not shown)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  )
}
