import type { GraphClock } from '../../src/graph/graph-clock';
import { GraphRateLimiter } from '../../src/graph/rate-limiter';

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
    // team A: 0, 250, 500, 750, 1000; team B's member listing, another team and another family, goes at once.
    expect(clock.starts).toEqual([250, 500, 750, 1000]);
  });

  it('gives each family of Teams calls its own per-tenant budget', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({ headroom: 0 }, clock);
    await Promise.all(Array.from({ length: 31 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/teams/team-${i}`)));
    expect(mostWithinOneSecond([0, ...clock.starts])).toBe(30);
    const waitedBefore = clock.starts.length;
    // Adding members, listing members, installing the app and creating teams are other families: none waits.
    await limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/teams/team-40/members/add');
    await limiter.acquire('GET', 'https://graph.microsoft.com/v1.0/teams/team-41/members');
    await limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/teams/team-42/installedApps');
    await limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/teams');
    expect(clock.starts).toHaveLength(waitedBefore);
  });

  it('lets 60 member listings a second through, the limit Graph documents for them', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({ headroom: 0 }, clock);
    await Promise.all(Array.from({ length: 61 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/teams/team-${i}/members`)));
    // 17 ms apart (1000/60, rounded up): the 61st starts at 1020 ms, where the 30 rps of other calls would put it at 2040.
    expect(Math.max(...clock.starts)).toBe(60 * 17);
    expect(mostWithinOneSecond([0, ...clock.starts])).toBeLessThanOrEqual(60);
  });

  it('never holds back directory calls, which are outside the Teams limits', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({}, clock);
    await Promise.all(Array.from({ length: 40 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/teams/team-${i}`)));
    const waitedBefore = clock.starts.length;
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/users/user-${i}`)),
      ...Array.from({ length: 50 }, () => limiter.acquire('GET', "https://graph.microsoft.com/v1.0/groups?$filter=displayName eq 'x'")),
      ...Array.from({ length: 50 }, () => limiter.acquire('POST', 'https://graph.microsoft.com/v1.0/invitations')),
    ]);
    expect(clock.starts).toHaveLength(waitedBefore);
  });

  it('applies a family limit given as an override, the others keeping Graph\'s', async () => {
    const clock = standingClock();
    const limiter = new GraphRateLimiter({ headroom: 0, perFamily: { getTeam: 5 } }, clock);
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire('GET', `https://graph.microsoft.com/v1.0/teams/team-${i}`)));
    expect(clock.starts).toEqual([200, 400, 600, 800, 1000]);
  });

  it('keeps at most 4 mails in flight per mailbox: the 5th goes when one is answered, other mailboxes are not held up', async () => {
    const limiter = new GraphRateLimiter({}, standingClock());
    const send = (mailbox: string) => `https://graph.microsoft.com/v1.0/users/${encodeURIComponent(mailbox)}/sendMail`;
    const started: string[] = [];
    const pending = Array.from({ length: 6 }, (_, i) =>
      limiter.acquire('POST', send('Service@Contoso.com')).then((release) => {
        started.push(`mail ${i}`);
        return release;
      }),
    );
    const releases = await Promise.all(pending.slice(0, 4));
    expect(started).toEqual(['mail 0', 'mail 1', 'mail 2', 'mail 3']);

    // Another mailbox, and anything that is not mail, go at once.
    (await limiter.acquire('POST', send('other@contoso.com')))();
    (await limiter.acquire('GET', 'https://graph.microsoft.com/v1.0/users/service@contoso.com'))();
    expect(started).toHaveLength(4);

    releases[0]?.();
    releases[0]?.(); // releasing twice frees one place, not two
    const fifth = await pending[4];
    expect(started).toEqual(['mail 0', 'mail 1', 'mail 2', 'mail 3', 'mail 4']);
    releases[1]?.();
    const sixth = await pending[5];
    expect(started).toHaveLength(6);
    for (const release of [releases[2], releases[3], fifth, sixth]) release?.();
  });

  it('calendar calls share the mailbox\'s places in flight with its mail', async () => {
    const limiter = new GraphRateLimiter({ concurrentRequestsPerMailbox: 2 }, standingClock());
    const base = 'https://graph.microsoft.com/v1.0/users/service%40contoso.com';
    const held = [await limiter.acquire('POST', `${base}/sendMail`), await limiter.acquire('PATCH', `${base}/events/AAMkAGI2%3D`)];
    let cancelStarted = false;
    const cancel = limiter.acquire('POST', `${base}/events/AAMkAGI2%3D/cancel`).then((release) => {
      cancelStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(cancelStarted).toBe(false);
    held[0]?.();
    (await cancel)();
    expect(cancelStarted).toBe(true);
    held[1]?.();
  });

  it('the mailbox cap can be overridden', async () => {
    const limiter = new GraphRateLimiter({ concurrentRequestsPerMailbox: 1 }, standingClock());
    const url = 'https://graph.microsoft.com/v1.0/users/service%40contoso.com/sendMail';
    const first = await limiter.acquire('POST', url);
    let secondStarted = false;
    const second = limiter.acquire('POST', url).then((release) => {
      secondStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(secondStarted).toBe(false);
    first();
    (await second)();
    expect(secondStarted).toBe(true);
  });
});
