/** Just enough of a browser's cookie handling for the tour: name=value pairs, no expiry. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const at = pair?.indexOf('=') ?? -1
      if (!pair || at < 1) continue
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}
