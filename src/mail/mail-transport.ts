import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type { AppConfig } from '../config/config.js';

/** One message as it leaves the service. */
export interface OutgoingMessage {
  /** The same on every attempt at the same mail: `<id@domain>`. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  /** Where mail goes, for the log: "smtp://host:port" (no credentials) or a directory. */
  readonly destination: string;
  /** Hands the message over; resolves once the server accepted it (or the file is written). */
  send(message: OutgoingMessage): Promise<{ file?: string }>;
  close(): void;
}

/**
 * SMTP_URL's transport: an SMTP server (nodemailer), or .eml files in a directory (`file:///dir`,
 * and by default outside production DATA_DIR/outbox/), one per message, named by its id.
 */
export function mailTransport(
  config: Pick<AppConfig, 'smtpUrl' | 'dataDir' | 'mailSendTimeoutSeconds'>,
): MailTransport {
  const url = config.smtpUrl;
  if (url && /^smtps?:\/\//.test(url)) {
    // Pooled: up to 10 connections kept open and reused, rather than one SMTP session per mail
    // (SMTP_URL's own pool and maxConnections parameters win).
    const pooled = new URL(url);
    if (!pooled.searchParams.has('pool')) pooled.searchParams.set('pool', 'true');
    if (!pooled.searchParams.has('maxConnections')) pooled.searchParams.set('maxConnections', '10');
    // Every step of an SMTP exchange gives up well before the attempt's limit, so a stalled server
    // fails the attempt (and it is retried) rather than outliving it and being sent twice.
    const stepMs = String(Math.max(1000, Math.floor((config.mailSendTimeoutSeconds * 1000) / 4)));
    for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
      if (!pooled.searchParams.has(name)) pooled.searchParams.set(name, stepMs);
    }
    const transport = nodemailer.createTransport(pooled.toString());
    const { protocol, host } = new URL(url);
    return {
      destination: `${protocol}//${host}`,
      send: async (message) => {
        await transport.sendMail(message);
        return {};
      },
      close: () => transport.close(),
    };
  }
  const directory = url ? fileURLToPath(url) : path.resolve(config.dataDir, 'outbox');
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: directory,
    send: async (message) => {
      const { message: raw } = (await render.sendMail(message)) as { message: Buffer };
      await mkdir(directory, { recursive: true });
      const name = message.messageId.replace(/^<|@.*$/g, '');
      const file = path.join(directory, `${name}.eml`);
      await writeFile(file, raw);
      return { file };
    },
    close: () => render.close(),
  };
}
