import { describe, expect, it } from 'vitest'
import { normaliseUrl, redact, redactText, sameStore } from '../../src/storage/location.js'
import { parsePgLocation } from '../../src/storage/postgres/connect.js'

const SECRETS = ['S3cr%2Ft', 'Se/cr@t?x', 'a#b@c/d', 'p:w@', '@@', 'x%', 'plain']

describe('store locations', () => {
  it('never shows a password, whatever characters it holds and wherever it is given', () => {
    for (const pw of SECRETS) {
      for (const url of [
        `postgres://me:${pw}@db.example:5432/runs`,
        `postgresql://me:${pw}@[::1]:5432/runs?sslmode=require`,
        `postgres://me:${pw}@/runs?host=/var/run/postgresql`,
        `postgres://me@db.example/runs?password=${encodeURIComponent(pw)}&sslmode=require`,
        `postgres://me@db.example/runs?sslmode=require&PASSWORD=${pw}`,
      ]) {
        const shown = redact(url)
        expect(shown, url).not.toContain(pw)
        expect(redactText(`tunekit: ${url}: no study named "x" (${url})`), url).not.toContain(pw)
        expect(shown, url).toContain('me')
      }
    }
  })

  it('keeps what is not a secret', () => {
    expect(redact('postgres://me:pw@db.example:5432/runs?sslmode=require')).toBe('postgres://me:***@db.example:5432/runs?sslmode=require')
    expect(redact('postgres://me@db.example/runs')).toBe('postgres://me@db.example/runs')
    expect(redact('runs/a@b.json')).toBe('runs/a@b.json')
    expect(sameStore('postgres://me:a@h/db', 'postgres://me:b@h/db')).toBe(true)
  })

  it('reads a password written as is, with / @ ? in it, as the pg driver needs it', () => {
    for (const pw of SECRETS) {
      const loc = parsePgLocation(`postgres://me:${pw}@db.example:6543/runs`)
      expect(loc.where).toBe('db.example:6543/runs')
      expect(loc.user).toBe('me')
      const u = new URL(loc.url)
      expect(decodeURIComponent(u.password)).toBe(pw.includes('%2F') ? 'S3cr/t' : pw)
    }
    expect(normaliseUrl('postgres://h/db')).toBe('postgres://h/db')
  })
})
