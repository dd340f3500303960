import type { Transaction } from '../../src/domain/provisioning-ports';
import { GroupedTransactions, MAX_GROUP } from '../../src/storage/grouped-transactions';

/**
 * A stand-in for the database's transactions: each run is a numbered transaction; a run can be held
 * open until the test lets it commit, and `failBegin` makes that many BEGINs fail.
 */
function fakeTransactions() {
  const groups: string[][] = [];
  const held: (() => void)[] = [];
  const state = { hold: false, failBegin: 0 };
  const run = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
    if (state.failBegin > 0) {
      state.failBegin -= 1;
      throw new Error('connection refused');
    }
    const members: string[] = [];
    groups.push(members);
    const tx: Transaction = {
      executeSql: (text) => {
        members.push(text);
        return Promise.resolve({ rows: [] });
      },
      once: (_key, step) => step(),
    };
    const result = await work(tx);
    if (state.hold) await new Promise<void>((resolve) => held.push(resolve));
    if (members.includes('boom')) throw new Error('the shared transaction is rolled back');
    return result;
  };
  return { run, groups, held, state };
}

/** A work that writes its name and answers it. */
const named =
  (name: string) =>
  async (tx: Transaction): Promise<string> => {
    await tx.executeSql(name);
    return name;
  };

/** Lets timers and immediates queued so far run (the grouping gives the event loop one turn). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('transactions shared by key (group commit)', () => {
  it('gathers what arrives while a transaction runs into the next one, in call order, each with its own result', async () => {
    const db = fakeTransactions();
    const grouped = new GroupedTransactions(db.run);
    db.state.hold = true;
    const first = grouped.runTogether('meeting:1', named('a'));
    await turn();
    await turn();
    expect(db.groups).toEqual([['a']]);
    const later = ['b', 'c', 'd'].map((name) => grouped.runTogether('meeting:1', named(name)));
    const other = grouped.runTogether('meeting:2', named('x')); // another key is not held up
    await turn();
    await turn();
    expect(db.groups).toEqual([['a'], ['x']]);
    db.state.hold = false;
    db.held.splice(0).forEach((release) => release());
    expect(await Promise.all([first, ...later, other])).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect(db.groups).toEqual([['a'], ['x'], ['b', 'c', 'd']]);
  });

  it(`holds at most ${MAX_GROUP} works in one transaction`, async () => {
    const db = fakeTransactions();
    const grouped = new GroupedTransactions(db.run);
    const names = Array.from({ length: MAX_GROUP * 2 + 3 }, (_, i) => `w${i}`);
    expect(await Promise.all(names.map((name) => grouped.runTogether('k', named(name))))).toEqual(names);
    expect(db.groups.map((group) => group.length)).toEqual([MAX_GROUP, MAX_GROUP, 3]);
    expect(db.groups.flat()).toEqual(names);
  });

  it('runs the works of a failed transaction again one by one: only the one at fault hears of it', async () => {
    const db = fakeTransactions();
    const grouped = new GroupedTransactions(db.run);
    const answers = ['a', 'boom', 'c'].map((name) =>
      grouped.runTogether('k', named(name)).then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    expect(await Promise.all(answers)).toEqual([{ value: 'a' }, { error: 'the shared transaction is rolled back' }, { value: 'c' }]);
    expect(db.groups).toEqual([['a', 'boom', 'c'], ['a'], ['boom'], ['c']]);
  });

  it('when a transaction cannot even begin, the first in line tries alone and hears why; the others still run', async () => {
    const db = fakeTransactions();
    const grouped = new GroupedTransactions(db.run);
    db.state.failBegin = 2; // the shared attempt, then the first one's own
    const answers = ['a', 'b'].map((name) =>
      grouped.runTogether('k', named(name)).then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    expect(await Promise.all(answers)).toEqual([{ error: 'connection refused' }, { value: 'b' }]);
    expect(db.groups).toEqual([['b']]);
  });
});
