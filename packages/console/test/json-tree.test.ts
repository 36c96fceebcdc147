import t from 'tap'
import {
  CHILD_SLICE, childCount, childrenOf, foldedSummary, kindOf, nextSlice, OPEN_DEPTH, OPEN_MAX_CHILDREN, scalarText, STRING_PREVIEW, startsOpen,
} from '../src/components/json/json-tree.ts'

t.test('the root is open; the next level only when small; nothing deeper', async (t) => {
  t.ok(startsOpen(0, 100_000), 'the root, however large')
  t.ok(startsOpen(1, OPEN_MAX_CHILDREN), 'a small first-level container')
  t.notOk(startsOpen(1, OPEN_MAX_CHILDREN + 1), 'a large one starts folded')
  t.notOk(startsOpen(OPEN_DEPTH, 1), 'anything deeper starts folded')
})

t.test('a 1 MB payload draws a bounded number of values at first', async (t) => {
  // An array of 5,000 commits of about 200 bytes each, as a big push would carry.
  const commit = (i: number) => ({ id: `${i}`.padStart(40, '0'), message: 'x'.repeat(120), author: { name: 'octocat', email: 'o@example.com' } })
  const payload = { ref: 'refs/heads/main', commits: Array.from({ length: 5000 }, (_, i) => commit(i)), repository: { full_name: 'octocat/hello' } }
  t.ok(JSON.stringify(payload).length > 1_000_000, 'the payload is over 1 MB')

  /** The values drawn when the viewer opens, following the viewer's own decisions. */
  const drawn = (value: unknown, depth: number): number => {
    const count = childCount(value)
    if (count === 0 || !startsOpen(depth, count)) return 1
    return 1 + childrenOf(value).slice(0, CHILD_SLICE).reduce((sum, [, child]) => sum + drawn(child, depth + 1), 0)
  }
  const total = drawn(payload, 0)
  t.ok(total < 50, `${total} values drawn, not the payload's tens of thousands`)
  t.equal(nextSlice(CHILD_SLICE, 5000), 2 * CHILD_SLICE, '"Show more" draws the next slice only')
  t.equal(nextSlice(4950, 5000), 5000, 'and stops at the end')
})

t.test('a deeply nested payload opens two levels, whatever its depth', async (t) => {
  let deep: Record<string, unknown> = { leaf: true }
  for (let i = 0; i < 10_000; i++) deep = { next: deep }
  t.ok(startsOpen(0, childCount(deep)))
  t.ok(startsOpen(1, childCount(deep.next)))
  t.notOk(startsOpen(2, childCount((deep.next as Record<string, unknown>).next)), 'the third level is folded: no recursion into the rest')
})

t.test('values read as JSON writes them, markup included as text', async (t) => {
  t.equal(kindOf(null), 'null')
  t.equal(kindOf([]), 'array')
  t.equal(kindOf({}), 'object')
  t.equal(kindOf(1.5), 'number')
  t.equal(kindOf(false), 'boolean')
  t.equal(scalarText('<img src="x" onerror=\'alert(1)\'>').text, '<img src="x" onerror=\'alert(1)\'>', 'a string reads as sent, markup and quotes included (drawn as a text node)')
  t.equal(scalarText(null).text, 'null')
  t.equal(scalarText(42).text, '42')
  const long = scalarText('a'.repeat(STRING_PREVIEW + 10))
  t.ok(long.cut)
  t.equal(long.text.length, STRING_PREVIEW + 1, 'cut to the preview, with an ellipsis')
  t.notOk(scalarText('a'.repeat(STRING_PREVIEW + 10), true).cut, '"Show all" shows it whole')
})

t.test('a folded container says what it holds', async (t) => {
  t.equal(foldedSummary({ a: 1, b: 2 }), '{…} 2 keys')
  t.equal(foldedSummary({ a: 1 }), '{…} 1 key')
  t.equal(foldedSummary([1]), '[…] 1 item')
  t.equal(foldedSummary([]), '[…] 0 items')
  t.same(childrenOf(['x', 'y']), [['0', 'x'], ['1', 'y']])
})
