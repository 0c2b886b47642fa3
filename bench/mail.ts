/**
 * Mail through the outbox and the job queue to a local SMTP server: `npm run bench:mail`. Starts the
 * service (embedded PostgreSQL, or BENCH_DATABASE_URL) with SMTP_URL pointing at an SMTP server in
 * this process, writes BENCH_MAILS mails (default 1,000), each in a transaction of its own as an event
 * would (BENCH_WRITERS at a time, default 10, or BENCH_RATE mails a second when set), and reports
 * mails delivered per second and the latency from each transaction's commit to the SMTP server's
 * acceptance (p50, p99, max). A burst shows the throughput; a steady rate below it, the latency.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { MailService } from '../src/mail/mail.service.js';
import { startBenchService } from './harness.js';

const MAILS = Number(process.env.BENCH_MAILS ?? 1000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 10);
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const accepted = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          accepted.set(/^<([^@]+)@/.exec(mail.messageId ?? '')?.[1] ?? '', performance.now());
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  const service = await startBenchService({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    JOB_POLL_SECONDS: '1',
    LOG_LEVEL: 'error',
  });
  try {
    const mail = service.app.get(MailService);
    const dataSource = service.app.get(DataSource);
    const committed = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < MAILS) {
          const n = next++;
          // At a steady rate: mail n is written at n / RATE seconds.
          if (RATE)
            await new Promise((resolve) =>
              setTimeout(resolve, started + (n * 1000) / RATE - performance.now()),
            );
          const id = await dataSource.transaction((manager) =>
            mail.enqueue(manager, {
              userId: null,
              to: `reader${n}@bench.example`,
              kind: 'BENCH',
              subject: `Bench mail ${n}`,
              text: `Mail ${n} of the benchmark.`,
              html: `<p>Mail ${n} of the benchmark.</p>`,
            }),
          );
          committed.set(id, performance.now());
        }
      }),
    );
    const written = performance.now();
    while (accepted.size < MAILS) {
      if (performance.now() - written > 600_000)
        throw new Error(`only ${accepted.size} of ${MAILS} mails arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const last = Math.max(...accepted.values());
    const latencies = [...committed].map(([id, at]) => (accepted.get(id) ?? NaN) - at).sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms);
    console.log(
      JSON.stringify(
        {
          database: service.database,
          mails: MAILS,
          writers: WRITERS,
          rate: RATE ?? 'burst',
          writeSeconds: +((written - started) / 1000).toFixed(2),
          deliveredPerSecond: Math.round(MAILS / ((last - started) / 1000)),
          latencyMs: {
            p50: round(percentile(latencies, 0.5)),
            p99: round(percentile(latencies, 0.99)),
            max: round(latencies.at(-1) ?? NaN),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await service.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

await main();
