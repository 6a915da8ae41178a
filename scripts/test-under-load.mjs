// `pnpm test:stress`: the whole suite while every core is kept busy by another process, as on a
// loaded CI machine. A test that passes only on a quiet machine is a defect (of the test or of the
// product): this is how we look for them. The busy processes are ended however the suite ends.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

const busy = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'let x = 0; for (;;) x = (x * 1103515245 + 12345) % 2147483648'], { stdio: 'ignore' }))
const stopBusy = () => { for (const p of busy) p.kill('SIGKILL') }
process.on('exit', stopBusy)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stopBusy(); process.exit(130) })

console.log(`test:stress: ${busy.length} busy processes running beside the suite`)
const suite = spawn('pnpm', ['test'], { stdio: 'inherit' })
suite.on('exit', (code) => { stopBusy(); process.exit(code ?? 1) })
