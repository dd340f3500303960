export { pickFreePort } from '../../tests/support/free-port';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

// USER_HZ, which Linux fixes at 100 on every architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** A server the benchmark runs in its own Node process, so its CPU and memory are its own. */
export class ServerProcess {
  private stderrTail = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly child: ChildProcess;
  private readonly exitPromise: Promise<void>;

  constructor(
    readonly name: string,
    readonly url: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  /** Polls `path` until it answers 200, failing early (with the child's stderr) if the child dies. */
  async waitUntilReady(path: string, timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.exited) throw new Error(`${this.name} exited (${this.describeExit()}) before it was ready:\n${this.stderrTail}`);
      const ok = await fetch(this.url + path).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.stderrTail}`);
  }

  /** Fails if the child died, e.g. during a load run. */
  assertAlive(): void {
    if (this.exited) throw new Error(`${this.name} exited (${this.describeExit()}):\n${this.stderrTail}`);
  }

  /** VmRSS and VmHWM (peak) of the child, in MB, from /proc. */
  memory(): { rssMb: number; peakMb: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** Same as memory(), or undefined once the child has exited. */
  memoryIfAlive(): { rssMb: number; peakMb: number } | undefined {
    if (this.exited) return undefined;
    try {
      return this.memory();
    } catch {
      return undefined; // exited between the check and the read
    }
  }

  /** CPU time (user + system) the child has used so far, in seconds, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  }

  /** SIGTERM, then SIGKILL if the child has not gone after a few seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const killed = await Promise.race([
      this.exitPromise.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5000).unref()),
    ]);
    if (killed && !this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }

  /** For exit paths that cannot wait (process 'exit'). */
  killNow(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private describeExit(): string {
    return this.exited?.signal ? `signal ${this.exited.signal}` : `code ${this.exited?.code}`;
  }
}

