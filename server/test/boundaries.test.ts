import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The house's boundaries are a lint rule (eslint.config.js): this proves, with the project's own
 * configuration, that each forbidden import fails `pnpm lint` and that the allowed ones pass. The
 * sources are linted as if they stood at real paths; what an import points at must exist, so the
 * probes it needs (two client modules, a pair of files importing each other) are written for the
 * run and removed after it.
 */
const root = path.resolve(import.meta.dirname, '../..')
const probes = {
  clientA: path.join(root, 'client/src/modules/boundary-probe-a'),
  clientB: path.join(root, 'client/src/modules/boundary-probe-b'),
  cycle: path.join(root, 'shared/src/boundary-probe-cycle'),
}

function write(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

const clientModules = path.join(root, 'client/src/modules')
const hadClientModules = existsSync(clientModules)

let eslint: ESLint
beforeAll(() => {
  write(path.join(probes.clientA, 'index.ts'), "export { probe } from './internal.ts'\n")
  write(path.join(probes.clientA, 'internal.ts'), 'export const probe = 1\n')
  write(path.join(probes.clientB, 'index.ts'), 'export {}\n')
  write(path.join(probes.cycle, 'a.ts'), "import { b } from './b.ts'\nexport const a = () => b\n")
  write(path.join(probes.cycle, 'b.ts'), "import { a } from './a.ts'\nexport const b = () => a\n")
  // Created after the probes: the configuration lists the modules when it loads.
  eslint = new ESLint({ cwd: root })
})
afterAll(() => {
  for (const dir of Object.values(probes)) rmSync(dir, { recursive: true, force: true })
  if (!hadClientModules && readdirSync(clientModules).length === 0) rmSync(clientModules, { recursive: true })
})

/** The rules an import broke (lint of one line at `file`, relative to the repository). */
async function broken(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [x]\n`, { filePath: path.join(root, file) })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

describe('module boundaries', () => {
  it("refuses a server module importing another module's internals, and allows its index.ts and its own files", async () => {
    expect(await broken('server/src/modules/vouchers/probe.ts', "import { visibleFirms as x } from '../crm/access.ts'"))
      .toContain('import-x/no-restricted-paths')
    expect(await broken('server/src/modules/assessment/probe.ts', "import type { BudgetService as x } from '../budget/budget.service.ts'"))
      .toContain('import-x/no-restricted-paths')
    expect(await broken('server/src/modules/vouchers/probe.ts', "import { firmAccess as x } from '../crm/index.ts'")).toEqual([])
    expect(await broken('server/src/modules/vouchers/probe.ts', "import { CallsService as x } from './calls.service.ts'")).toEqual([])
    expect(await broken('server/src/modules/vouchers/probe.ts', "import { audit as x } from '../../core/audit.ts'")).toEqual([])
  })

  it("refuses a client module importing another client module's internals, and allows its index.ts", async () => {
    expect(await broken('client/src/modules/boundary-probe-b/page.ts', "import { probe as x } from '../boundary-probe-a/internal.ts'"))
      .toContain('import-x/no-restricted-paths')
    expect(await broken('client/src/modules/boundary-probe-b/page.ts', "import { probe as x } from '../boundary-probe-a/index.ts'")).toEqual([])
  })

  it('refuses the client importing from server/, even a file a resolver cannot follow', async () => {
    expect(await broken('client/src/probe.ts', "import x from '../../server/src/app.ts'")).toContain('no-restricted-imports')
    expect(await broken('client/src/probe.ts', "import x from '../../server/src/modules/crm/imports/FORMAT.md?raw'")).toContain('no-restricted-imports')
    expect(await broken('client/src/probe.ts', "import { Id as x } from '@pid/shared'")).toEqual([])
  })

  it('refuses shared importing from server/ or client/', async () => {
    expect(await broken('shared/src/probe.ts', "import x from '../../server/src/app.ts'")).toContain('no-restricted-imports')
    expect(await broken('shared/src/probe.ts', "import x from '../../client/src/main.ts'")).toContain('no-restricted-imports')
    expect(await broken('shared/src/probe.ts', "import { Id as x } from './common.ts'")).toEqual([])
  })

  it('refuses an import cycle', async () => {
    const a = path.join(probes.cycle, 'a.ts')
    const [result] = await eslint.lintText("import { b } from './b.ts'\nexport const a = () => b\n", { filePath: a })
    expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle')
  })
})
