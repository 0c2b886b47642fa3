import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';

/**
 * How long no request may start on an open connection before the draining service is idle: a
 * request a client sent on a keep-alive connection just before the signal may still be on its way
 * in, and closing that connection as idle would reset it.
 */
const QUIET_MS = 200;

/** RFC 6455 "going away": the server is shutting down; graphql-ws clients reconnect elsewhere. */
export const GOING_AWAY = 1001;

function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Stops the service in order: no new connection is accepted; requests in progress, and those already
 * sent on open connections, finish (for at most the grace period); subscriptions are closed with
 * 1001; then the application closes, its database pool included. Attach before `listen`.
 */
export class GracefulShutdown {
  private readonly server: Server;
  /** Responses in progress, from the parsed request head until finished or aborted. */
  private readonly open = new Set<ServerResponse>();
  private draining = false;
  /** Requests seen so far, so the drain can tell a quiet moment from one in which requests began. */
  private started = 0;
  private idle: (() => void) | undefined;
  private sockets: WebSocketServer | undefined;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly logger: Logger,
  ) {
    this.server = app.getHttpServer() as Server;
    this.server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      this.started += 1;
      if (this.draining) response.setHeader('connection', 'close');
      response.once('close', () => {
        this.open.delete(response);
        if (this.open.size === 0) this.idle?.();
      });
    });
    // The subscription server belongs to the GraphQL plugin's own context; its requests reach it.
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    fastify.addHook('onRequest', async (request) => {
      this.sockets ??= (request.server as { websocketServer?: WebSocketServer }).websocketServer;
    });
  }

  async close(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    // net.Server's close stops listening only; http.Server's would also drop idle keep-alive
    // connections, on which a request may already be on its way.
    NetServer.prototype.close.call(this.server);
    this.logger.info({ inFlight: this.open.size, graceMs }, 'no longer accepting connections');
    if (!(await within(this.drain(), graceMs))) {
      this.logger.warn(
        { inFlight: this.open.size },
        'requests still running at the end of the shutdown grace period were cut',
      );
      this.server.closeAllConnections();
    }
    this.server.closeIdleConnections();
    await this.closeSubscriptions(Math.max(deadline - Date.now(), 1_000));
    await this.app.close();
  }

  /**
   * Every response from now on ends its connection; resolves once no request is in progress and
   * none has started for QUIET_MS.
   */
  private drain(): Promise<void> {
    this.draining = true;
    for (const response of this.open) if (!response.headersSent) response.setHeader('connection', 'close');
    return new Promise((resolve) => {
      const settle = () => {
        this.idle = undefined;
        const seen = this.started;
        setTimeout(() => {
          if (this.open.size > 0) this.idle = settle;
          else if (this.started === seen) resolve();
          else settle();
        }, QUIET_MS);
      };
      settle();
    });
  }

  private async closeSubscriptions(timeoutMs: number): Promise<void> {
    const clients = [...(this.sockets?.clients ?? [])];
    if (clients.length === 0) return;
    const closed = Promise.all(
      clients.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()))),
    );
    for (const socket of clients) socket.close(GOING_AWAY, 'the server is shutting down');
    if (!(await within(closed, timeoutMs))) for (const socket of clients) socket.terminate();
    this.logger.info({ subscriptions: clients.length }, 'closed the subscription connections');
  }
}
