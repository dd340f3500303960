import type { GraphClock } from '../../src/graph/graph-clock';
import { GraphRateLimiter, teamsTargetOf } from '../../src/graph/rate-limiter';

/** A clock that stands still: each acquire's sleep is exactly when it was allowed to start. */
function standingClock(): GraphClock & { starts: number[] } {
  const starts: number[] = [];
  return {
    starts,
    now: () => 0,
    sleep: async (ms) => {
      starts.push(ms);
    },
  };
}

function mostWithinOneSecond(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  return Math.max(...sorted.map((start) => sorted.filter((other) => other >= start && other < start + 1000).length));
}

describe('client-side Graph rate limits', () => {
  it('spaces 25 team creations so that no second holds more than 10', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({}, clock);
    await Promise.all(Array.from({ length: 25 }, () => limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/teams')));
    // The first goes at once (no sleep recorded), the others 110 ms apart (10 rps with 10% headroom).
    expect(clock.starts).toHaveLength(24);
    expect(mostWithinOneSecond([0, ...clock.starts])).toBe(10);
    expect(Math.min(...clock.starts.map((start, i) => start - (clock.starts[i - 1] ?? 0)))).toBeGreaterThanOrEqual(110 - 1e-9);
  });

  it('keeps one team at 4 rps without holding up calls on other teams', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({ headroom: 0 }, clock);
    const teamA = "https://graph.microsoft.com/v1.0/teams('aaaa')/operations('1')";
    await Promise.all([0, 1, 2, 3, 4].map(() => limiter.acquire('GET', teamA)));
    await limiter.acquire('GET', 'https://graph.microsoft.com/v1.0/teams/bbbb/members');
    // team A: 0, 250, 500, 750, 1000; team B fits between them in the 30 rps bucket.
    expect(clock.starts).toEqual([250, 500, 750, 1000, expect.any(Number)]);
    expect(clock.starts[4]).toBeLessThan(250);
  });

  it('counts every call but team creation among the 30 rps of other calls', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({ headroom: 0 }, clock);
    await Promise.all(Array.from({ length: 31 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/teams/team-${i}`)));
    await limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/teams');
    expect(mostWithinOneSecond([0, ...clock.starts.slice(0, 30)])).toBe(30);
    expect(clock.starts).toHaveLength(30); // the team creation did not wait behind them
  });

  it.each([
    ['POST', '/v1.0/teams', { kind: 'createTeam' }],
    ['GET', '/v1.0/teams', { kind: 'other' }],
    ['POST', "/v1.0/teams('ABC')/operations('op')", { kind: 'team', teamId: 'abc' }],
    ['POST', '/v1.0/teams/abc/members/add', { kind: 'team', teamId: 'abc' }],
    ['GET', "/v1.0/groups?$filter=displayName eq 'x'", { kind: 'other' }],
  ])('%s %s falls under %j', (method, path, target) => {
    expect(teamsTargetOf(method, `https://127.0.0.1:8443${path}`)).toEqual(target);
  });
});
