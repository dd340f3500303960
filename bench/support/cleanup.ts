import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ServerProcess } from './child-process';

/** Cleanup steps run last-in first-out, once, on success, failure or a signal. */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  private readonly children = new Set<ServerProcess>();
  private readonly folders = new Set<string>();

  push(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  track(child: ServerProcess): ServerProcess {
    this.children.add(child);
    this.push(() => child.stop());
    return child;
  }

  folder(folder: string): string {
    this.folders.add(folder);
    this.push(async () => {
      await rm(folder, { recursive: true, force: true });
      this.folders.delete(folder);
    });
    return folder;
  }

  /** For process 'exit' after a crash, when nothing asynchronous runs any more. */
  runNow(): void {
    for (const child of this.children) child.killNow();
    for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      await step().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    }
  }
}
