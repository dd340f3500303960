import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One JSON line pino wrote (level, time, msg and whatever the log call added). */
export type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: string };

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The real app (`src/main.ts`, as `npm run start:app` starts it, but run from source with ts-node in
 * transpile-only mode, so no build is needed) in a child process of its own: something a test can
 * kill with SIGKILL mid-work and start again, as an operator's host would. The test follows it through
 * its JSON log lines on stdout.
 */
export class AppProcess {
  private readonly child: ChildProcess;
  private readonly lines: LogLine[] = [];
  private readonly waiters = new Set<() => void>();
  private stderrTail = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join('src', 'main.ts')], {
      cwd: ROOT,
      // Only what the app reads plus what Node needs: nothing from the test runner's environment leaks in.
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!this.child.stdout || !this.child.stderr) throw new Error(`${name}: no stdout/stderr pipes`);
    createInterface({ input: this.child.stdout }).on('line', (text) => {
      try {
        this.lines.push(JSON.parse(text) as LogLine);
      } catch {
        this.lines.push({ msg: text });
      }
      for (const wake of this.waiters) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        for (const wake of this.waiters) wake();
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Every log line so far. */
  log(): readonly LogLine[] {
    return this.lines;
  }

  /** The first log line (past or future) matching `predicate`; fails if the process exits first or on timeout. */
  waitForLine(predicate: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.lines.find(predicate);
        if (found) {
          done();
          resolve(found);
          return true;
        }
        if (this.exitInfo) {
          done();
          reject(new Error(`${this.name} exited (${this.describeExit()}) before the awaited log line.\n${this.describeOutput()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no awaited log line within ${timeoutMs} ms.\n${this.describeOutput()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed; resolves once the process is gone. */
  async crash(): Promise<void> {
    if (this.exitInfo) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the app shuts down cleanly), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exitInfo) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private describeExit(): string {
    return this.exitInfo?.signal ? `signal ${this.exitInfo.signal}` : `code ${String(this.exitInfo?.code)}`;
  }

  private describeOutput(): string {
    const tail = this.lines.slice(-15).map((line) => JSON.stringify(line)).join('\n');
    return `Last log lines:\n${tail}\nstderr:\n${this.stderrTail}`;
  }
}
