import type { Socket } from 'node:net';

/**
 * Sockets a `timeout` fault keeps open without answering: released (destroyed) after their delay, when
 * the client gives up, or when the sandbox stops — never left to keep the process alive.
 */
export class SocketHolds {
  private readonly held = new Map<Socket, NodeJS.Timeout | undefined>();

  hold(socket: Socket, ms: number | undefined): void {
    const timer = ms === undefined ? undefined : setTimeout(() => this.release(socket), ms);
    timer?.unref();
    this.held.set(socket, timer);
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
    const timer = this.held.get(socket);
    if (timer) clearTimeout(timer);
    this.held.delete(socket);
  }
}
