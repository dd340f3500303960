import { performance } from 'node:perf_hooks';

/**
 * Time as the sandbox lives it: when a team becomes reachable after its creation, when an unpolled
 * operation ends on its own, which rate-limit window a request falls in, when a held socket is let go,
 * and the dates it writes. Tests give it a virtual clock they move forward instead of waiting.
 */
export interface SandboxClock {
  now(): Date;
  /** Calls `fire` once `ms` have passed on this clock; the function returned cancels it. */
  schedule(ms: number, fire: () => void): () => void;
}

export const systemSandboxClock: SandboxClock = {
  // Monotonic (the process's time origin plus elapsed time), so a wall-clock step cannot open or shut a rate-limit window.
  now: () => new Date(performance.timeOrigin + performance.now()),
  schedule: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    // A pending release must never keep the process alive on its own.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
