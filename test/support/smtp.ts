import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtpServer {
  url: string;
  /** Every message the server accepted, parsed, in the order they arrived. */
  received: ReceivedMail[];
  /** Recipients refused with a temporary error (451), each for its number of attempts (Infinity: always). */
  refuse: Map<string, number>;
  /** Attempts the server saw, per recipient, refused ones included. */
  attempts: Map<string, number>;
  /** Called just before the server answers that it accepted a message. */
  beforeAccepting?: (mail: ReceivedMail) => void;
  /** Called once the server has answered that it accepted a message. */
  onAccepted?: (mail: ReceivedMail) => void;
  /** Waits until `count` messages to `to` arrived. */
  waitFor(to: string, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const addressOf = (mail: ParsedMail) => {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address?.toLowerCase() ?? '';
};

/** A real SMTP server in the test process (no TLS, no authentication), which parses what it accepts. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refuse = new Map<string, number>();
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo[0]?.address.toLowerCase() ?? '';
      simpleParser(stream)
        .then((mail) => {
          const seen = (attempts.get(to) ?? 0) + 1;
          attempts.set(to, seen);
          if (seen <= (refuse.get(to) ?? 0)) {
            callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
            return;
          }
          const accepted = {
            to: addressOf(mail) || to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
          };
          received.push(accepted);
          self.beforeAccepting?.(accepted);
          callback();
          // After the 250 reply is written (the sender may already count the mail as sent).
          setImmediate(() => self.onAccepted?.(accepted));
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const self: TestSmtpServer = {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    attempts,
    async waitFor(to, count = 1, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const mine = () => received.filter((mail) => mail.to === to.toLowerCase());
      while (mine().length < count) {
        if (Date.now() > deadline)
          throw new Error(`${count} mail(s) to ${to} did not arrive; got ${mine().length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return mine();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return self;
}
