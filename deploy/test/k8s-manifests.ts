import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { parse, parseAllDocuments } from 'yaml'

/** One Kubernetes object, as loosely typed as the manifests themselves. */
export interface Manifest {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own spec
  spec: Record<string, any>
  data?: Record<string, string>
}

interface Replacement {
  source: { kind: string; name: string; fieldPath: string; options?: { delimiter: string; index: number } }
  targets: Array<{ select: { kind: string; name: string }; fieldPaths: string[]; options?: { delimiter: string; index: number } }>
}

interface Kustomization {
  resources?: string[]
  components?: string[]
  images?: Array<{ name: string; newName?: string; newTag?: string }>
  replacements?: Replacement[]
  patches?: Array<{ patch: string }>
}

export const k8sDir = new URL('../k8s/', import.meta.url)

const readKustomization = (dir: URL): Kustomization => parse(readFileSync(new URL('kustomization.yaml', dir), 'utf8'))

const readObjects = (dir: URL, files: string[]): Manifest[] =>
  files.flatMap((file) => parseAllDocuments(readFileSync(new URL(file, dir), 'utf8')).map((doc) => doc.toJS() as Manifest))

/** The optional components: every folder under components/, whether the base lists it or not. */
export const componentDirs = (): URL[] => {
  const root = new URL('components/', k8sDir)
  return existsSync(root) ? readdirSync(root).map((name) => new URL(`${name}/`, root)) : []
}

/**
 * The base's objects and, with `components`, theirs too, with the two kustomize features the base
 * uses applied as `kubectl kustomize` applies them: `images` (name and tag) and `replacements`
 * (a delimited part of one field into a delimited part of another). Components' delete patches
 * remove their object. No kustomize on the machine is needed.
 */
export function render(options: { components?: URL[]; tag?: string } = {}): Manifest[] {
  const base = readKustomization(k8sDir)
  let objects = readObjects(k8sDir, base.resources ?? [])
  for (const dir of options.components ?? []) {
    const component = readKustomization(dir)
    objects.push(...readObjects(dir, component.resources ?? []))
    for (const { patch } of component.patches ?? []) {
      const doomed = parse(patch) as Manifest & { $patch?: string }
      if (doomed.$patch === 'delete') objects = objects.filter((m) => !(m.kind === doomed.kind && m.metadata.name === doomed.metadata.name))
    }
  }
  for (const image of base.images ?? []) {
    for (const container of objects.flatMap(containersOf)) {
      if (container.image !== image.name) continue
      container.image = `${image.newName ?? image.name}:${options.tag ?? image.newTag ?? 'latest'}`
    }
  }
  for (const replacement of base.replacements ?? []) applyReplacement(objects, replacement)
  return objects
}

// biome-ignore lint/suspicious/noExplicitAny: a container of any workload
export const containersOf = (m: Manifest): Array<Record<string, any>> => m.spec?.template?.spec?.containers ?? []

function applyReplacement(objects: Manifest[], { source, targets }: Replacement) {
  const from = objects.find((m) => m.kind === source.kind && m.metadata.name === source.name)
  if (!from) throw new Error(`replacement source ${source.kind}/${source.name} not found`)
  let value = String(readPath(from, source.fieldPath))
  if (source.options) value = value.split(source.options.delimiter)[source.options.index] ?? ''
  for (const target of targets) {
    const to = objects.find((m) => m.kind === target.select.kind && m.metadata.name === target.select.name)
    if (!to) throw new Error(`replacement target ${target.select.kind}/${target.select.name} not found`)
    for (const path of target.fieldPaths) {
      let next = value
      if (target.options) {
        const parts = String(readPath(to, path)).split(target.options.delimiter)
        parts[target.options.index] = value
        next = parts.join(target.options.delimiter)
      }
      writePath(to, path, next)
    }
  }
}

/** kustomize's field paths: dot-separated keys, `[name=x]` picks a list item by its name. */
const steps = (path: string) => path.split('.')
// biome-ignore lint/suspicious/noExplicitAny: walking untyped YAML
const step = (node: any, key: string) => {
  const byName = key.match(/^\[name=(.+)\]$/)
  return byName ? node?.find((item: { name: string }) => item.name === byName[1]) : node?.[key]
}
const readPath = (object: Manifest, path: string): unknown => steps(path).reduce(step, object)
function writePath(object: Manifest, path: string, value: string) {
  const keys = steps(path)
  const parent = keys.slice(0, -1).reduce(step, object)
  parent[keys.at(-1)!] = value
}
