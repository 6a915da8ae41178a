// `pnpm start`: build the SPA if it is not built yet, then run the server (which migrates and,
// on the embedded default's first start, loads the demo network) serving API + SPA on one port.
import { existsSync } from 'node:fs'
import { spawnSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const spa = join(root, 'client', 'dist')
if (!existsSync(join(spa, 'index.html'))) {
  const built = spawnSync('pnpm', ['--filter', '@pid/client', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const env = {
  NODE_ENV: 'production',
  SPA_DIR: spa,
  DATA_DIR: join(root, 'data'),
  ...process.env,
}
const server = spawn(process.execPath, [join(root, 'server', 'src', 'main.ts')], {
  cwd: join(root, 'server'), env, stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
