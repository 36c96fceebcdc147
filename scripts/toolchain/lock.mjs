// A lock between runs of the toolchain script that would install at the same time (two
// terminals, an editor and a terminal). Plain JavaScript that Node 20 runs.
//
// The lock is a directory holding an "owner" file (pid and a random token), put in place with
// one rename, so a lock always names its owner. A lock whose owner is gone (Ctrl-C or a closed
// terminal during the first install, a crash, a kill) is taken over at once; a live owner is
// waited for, and the wait is said once per owner.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const OWNER_FILE = 'owner'

/**
 * Whether a process with this pid runs (EPERM: it does, but belongs to someone else). On Linux
 * a zombie, dead but not yet reaped by its parent, counts as gone.
 */
function isAlive(pid) {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return error.code === 'EPERM'
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function readOwner(lock) {
  try {
    const text = readFileSync(join(lock, OWNER_FILE), 'utf8')
    const pid = Number(text.split(' ')[0])
    return { text, pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, since: statSync(join(lock, OWNER_FILE)).mtimeMs }
  } catch {
    return undefined
  }
}

function exists(path) {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

function remove(path) {
  rmSync(path, { recursive: true, force: true })
}

function tryAcquire(lock, owner) {
  const staging = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`
  mkdirSync(staging)
  writeFileSync(join(staging, OWNER_FILE), owner)
  try {
    renameSync(staging, lock)
    return true
  } catch (error) {
    remove(staging)
    // Taken: POSIX says ENOTEMPTY or EEXIST, Windows EPERM or EACCES.
    if (['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES'].includes(error.code) && exists(lock)) return false
    throw error
  }
}

/**
 * Moves the lock aside and deletes it, unless it changed hands since it was seen (then it is
 * put back). Two runs breaking the same lock: one moves it, the other finds nothing to move.
 */
function breakLock(lock, seen) {
  const aside = `${lock}.stale.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    renameSync(lock, aside)
  } catch {
    return
  }
  if (readOwner(aside)?.text !== seen?.text) {
    try {
      renameSync(aside, lock)
      return
    } catch {
      // someone took the lock meanwhile: the one moved aside was not theirs to keep either
    }
  }
  remove(aside)
}

function release(lock, owner) {
  if (readOwner(lock)?.text === owner) breakLock(lock, { text: owner })
}

/**
 * Runs fn holding the lock directory `lock` and returns what it returns. Synchronous: the
 * toolchain script installs with spawnSync. what names the work for the waiting message.
 * A live owner holding the lock longer than maxAgeMs is taken to be a reused pid.
 */
export function withLock(lock, fn, { what = 'another install', log = () => {}, pollMs = 200, maxAgeMs = 15 * 60_000 } = {}) {
  const owner = `${process.pid} ${randomBytes(8).toString('hex')}\n`
  let announced
  while (!tryAcquire(lock, owner)) {
    const current = readOwner(lock)
    if (!current) {
      // released just now, or a lock without an owner (left by an older version of this script)
      if (exists(lock)) {
        log(`removing a lock that names no owner (${lock})`)
        breakLock(lock, undefined)
      }
      continue
    }
    if (current.pid === undefined || current.pid === process.pid || !isAlive(current.pid)) {
      log(`${what} (pid ${current.pid ?? '?'}) stopped before it finished: taking its lock over`)
      breakLock(lock, current)
      continue
    }
    if (Date.now() - current.since > maxAgeMs) {
      log(`${what} (pid ${current.pid}) has held its lock for over ${Math.round(maxAgeMs / 60_000)} min: taking it over`)
      breakLock(lock, current)
      continue
    }
    if (announced !== current.pid) {
      log(`waiting for ${what} (pid ${current.pid}) to finish`)
      announced = current.pid
    }
    sleep(pollMs)
  }
  // process.exit() (an install that failed or was interrupted) skips finally: release then too.
  const onExit = () => release(lock, owner)
  process.on('exit', onExit)
  try {
    return fn()
  } finally {
    process.off('exit', onExit)
    release(lock, owner)
  }
}
