import t from 'tap'
import { loginUrl } from '../src/addresses.ts'

t.test('sign-in comes back to the page it was started from', async (t) => {
  t.equal(loginUrl('/'), '/auth/login')
  t.equal(loginUrl('/events?repo=octocat/hello'), '/auth/login?redirect=%2Fevents%3Frepo%3Doctocat%2Fhello')
})

t.test('anything but a path of this site comes back to the console\'s start', async (t) => {
  t.equal(loginUrl('//evil.example/'), '/auth/login', 'a protocol-relative address')
  t.equal(loginUrl('https://evil.example/'), '/auth/login')
  t.equal(loginUrl(''), '/auth/login')
})
