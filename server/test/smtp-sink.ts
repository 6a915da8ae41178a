import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/**
 * A real SMTP server for tests: listens on a free port of 127.0.0.1, keeps every message it accepts
 * (parsed by mailparser), and answers 550 to the recipients it is told to refuse. No TLS and no
 * AUTH, so nodemailer talks plain SMTP to it (SMTP_URL=smtp://127.0.0.1:<port>).
 */
export interface SmtpSink {
  url: string
  messages: ParsedMail[]
  /** Addresses answered "550 no such user" at RCPT TO. */
  reject: Set<string>
  /** The messages to an address. */
  to(address: string): ParsedMail[]
  close(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = []
  const reject = new Set<string>()
  const server = new SMTPServer({
    secure: false, authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 })
        callback(err)
        return
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { messages.push(mail); callback() }, callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as { port: number }
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    reject,
    to: (address) => messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
