import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

/**
 * The typed API as a user gets it: the packed tarball (npm pack, without its prepare script: vitest built dist/
 * already) unpacked into a temporary project's node_modules, its dependencies linked from ours (offline), and a
 * strict TypeScript file with @ts-expect-error lines type-checked against it.
 */
describe('the packed package, as a consumer sees it', () => {
  it('ships what it needs, and type-checks a strict consumer, typos and all', { timeout: 120_000 }, () => {
    const dir = tempDir('tunekit-consumer-')
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as {
      filename: string
      files: { path: string }[]
    }[]
    const files = packed[0]!.files.map((f) => f.path)
    for (const f of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/trainers/threads/worker.js',
      'dist/trainers/tfjs.d.ts',
      'dist/trainers/mlp/index.js',
      'dist/trainers/linear-regression.d.ts',
      'experiments/experiment.schema.json',
      'search-spaces/search-space.schema.json',
      'python/tunekit.py',
    ])
      expect(files).toContain(f)
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false)

    const pkg = join(dir, 'node_modules/tunekit')
    mkdirSync(pkg, { recursive: true })
    execFileSync('tar', ['-xzf', join(dir, packed[0]!.filename), '-C', pkg, '--strip-components=1'])
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'))
    symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }))
    const compilerOptions = { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'] }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: false }, include: ['*.ts'] }))
    copyFileSync(join(ROOT, 'test/fixtures/consumer/typed-api.ts'), join(dir, 'typed-api.ts'))
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' })
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  })
})
