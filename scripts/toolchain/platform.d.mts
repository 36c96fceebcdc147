// Types of platform.mjs, for the TypeScript that imports it (its tests).
export const NODE_VERSION: string
export const ENGINES: string
export const PNPM_FALLBACK: string
export function meetsEngines(version: string): boolean
export function hostTarget(platform?: string, arch?: string, musl?: boolean): string
export function nodePackage(target: string): string | undefined
export function pnpmBinaryPackage(target: string): string
export type ToolChoice =
  | { node: { package: string } | { system: true }; pnpm: string; notes: string[]; error?: undefined }
  | { error: string }
export function chooseTools(input: {
  target: string
  pnpmVersion: string
  runningNode: string
  systemNodeOnly?: boolean
  registry: { nodeVersions: string[]; pnpmBinary: boolean }
}): ToolChoice
