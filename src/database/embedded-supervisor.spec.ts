import { superviseEmbedded, type SupervisedServer } from './embedded-supervisor.js';

/** A server whose relaunches fail `failures` times, then succeed. */
function fakeServer(failures: number) {
  const server = {
    onUnexpectedExit: undefined as SupervisedServer['onUnexpectedExit'],
    isStopping: false,
    relaunches: 0,
    async relaunch() {
      server.relaunches += 1;
      if (server.relaunches <= failures)
        throw new Error(`could not start (${server.relaunches})\nmore detail`);
    },
    crash(detail = 'code null, signal SIGKILL') {
      server.onUnexpectedExit?.(detail);
    },
  };
  return server;
}

function supervise(server: ReturnType<typeof fakeServer>, delaysMs = [0, 0, 0]) {
  const lines: string[] = [];
  const gaveUp: string[] = [];
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  superviseEmbedded(server, {
    logger: {
      log: (message) => {
        lines.push(message);
        settle();
      },
      warn: (message) => lines.push(message),
    },
    onGiveUp: (message) => {
      gaveUp.push(message);
      settle();
    },
    delaysMs,
  });
  return { lines, gaveUp, settled };
}

describe('superviseEmbedded', () => {
  it('restarts a server that exited unexpectedly, logging each attempt', async () => {
    const server = fakeServer(2);
    const { lines, gaveUp, settled } = supervise(server);
    server.crash();
    await settled;
    expect(server.relaunches).toBe(3);
    expect(gaveUp).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(/exited unexpectedly \(code null, signal SIGKILL\); restarting it/),
      'restarting the embedded PostgreSQL: attempt 1 of 3',
      'attempt 1 to restart the embedded PostgreSQL failed: could not start (1) more detail',
      'restarting the embedded PostgreSQL: attempt 2 of 3',
      'attempt 2 to restart the embedded PostgreSQL failed: could not start (2) more detail',
      'restarting the embedded PostgreSQL: attempt 3 of 3',
      expect.stringMatching(/^the embedded PostgreSQL is running again \(attempt 3, \d+ ms\)$/),
    ]);
  });

  it('gives up with one message when every attempt fails', async () => {
    const server = fakeServer(Infinity);
    const { gaveUp, settled } = supervise(server);
    server.crash();
    await settled;
    expect(server.relaunches).toBe(3);
    expect(gaveUp).toEqual([
      'the embedded PostgreSQL exited and could not be restarted after 3 attempts (could not start (3) more detail); stopping the service',
    ]);
  });

  it('counts a server that crashes again right after its restart against the same limit', async () => {
    const server = fakeServer(0);
    const { gaveUp } = supervise(server);
    for (let crash = 0; crash < 4 && gaveUp.length === 0; crash += 1) {
      server.crash();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(server.relaunches).toBe(3);
    expect(gaveUp).toEqual([expect.stringMatching(/could not be restarted after 3 attempts/)]);
  });

  it('leaves a server that is being stopped alone', async () => {
    const server = fakeServer(0);
    supervise(server);
    server.isStopping = true;
    server.crash();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.relaunches).toBe(0);
  });
});
