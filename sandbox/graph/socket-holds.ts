import type { Socket } from 'node:net';
import type { SandboxClock } from './clock';

/**
 * Sockets a `timeout` fault keeps open without answering: released (destroyed) after their delay on the
 * sandbox's clock, when the client gives up, or when the sandbox stops — never left to keep the process alive.
 */
export class SocketHolds {
  /** Each held socket, with what cancels its timed release (undefined: held until the client or the sandbox goes). */
  private readonly held = new Map<Socket, (() => void) | undefined>();

  constructor(private readonly clock: SandboxClock) {}

  hold(socket: Socket, ms: number | undefined): void {
    const cancel = ms === undefined ? undefined : this.clock.schedule(ms, () => this.release(socket));
    this.held.set(socket, cancel);
    socket.once('close', () => this.forget(socket));
  }

  releaseAll(): void {
    for (const socket of [...this.held.keys()]) this.release(socket);
  }

  private release(socket: Socket): void {
    this.forget(socket);
    socket.destroy();
  }

  private forget(socket: Socket): void {
    this.held.get(socket)?.();
    this.held.delete(socket);
  }
}
