// Types of env.mjs, for the TypeScript that imports it (its tests).
export function isNpmRunVariable(name: string): boolean
export function toolchainEnv(
  base: Record<string, string | undefined>,
  options: { pathEntries: string[]; nodedir?: string | undefined; platform?: NodeJS.Platform },
): Record<string, string>
