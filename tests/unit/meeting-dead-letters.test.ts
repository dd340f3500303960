import pino from 'pino';
import { MEETING_JOBS_FAILED, meetingJobHandlers } from '../../src/jobs/meeting-jobs';
import type { RunningJob } from '../../src/jobs/job-runner';

/** Meeting jobs that failed on every retry (src/jobs/meeting-jobs.ts): each kind is told apart by its payload. */
function deadLetters() {
  const calls = { nextRoutines: 0, completed: 0 };
  const lines: { msg: string; [field: string]: unknown }[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
  const handlers = meetingJobHandlers({
    reminder: () => Promise.resolve('sent'),
    online: () => Promise.resolve(),
    purge: () => Promise.resolve(0),
    routines: () => Promise.resolve({ purged: 0, reminded: 0 }),
    nextRoutines: () => {
      calls.nextRoutines += 1;
      return Promise.resolve();
    },
    logger,
  });
  const handler = handlers.find((h) => h.queue === MEETING_JOBS_FAILED);
  if (!handler) throw new Error('no dead-letter handler for meeting jobs');
  const run = async (data: unknown) => {
    const parsed = handler.payload.parse(data);
    const job: RunningJob<unknown> = { id: 'j', data: parsed, retryCount: 0, attempt: 'a', complete: () => Promise.resolve(void (calls.completed += 1)) };
    await handler.run(job);
  };
  return { run, calls, lines };
}

test('a dead daily routine schedules the next one, so the chain of routines goes on', async () => {
  const { run, calls, lines } = deadLetters();
  await run({ day: '2030-03-11' });
  expect(calls).toEqual({ nextRoutines: 1, completed: 1 });
  expect(lines.map((l) => [l.msg, l.day])).toEqual([['the daily meeting routines failed on every retry; the next ones are scheduled', '2030-03-11']]);
});

test.each([
  ['a reminder', { meetingId: '12', version: 2, offset: '7d' }, 'a meeting reminder failed on every retry; it is not sent late'],
  ['a Teams meeting', { meetingId: '12', version: 2 }, "a meeting's Teams meeting could not be synchronised on any retry"],
  ['a dietary purge', { meetingId: '12' }, 'a dietary purge failed on every retry; the daily routine sweeps it again'],
])('%s is logged for operators, with ids only, and nothing else is scheduled', async (_kind, data, message) => {
  const { run, calls, lines } = deadLetters();
  await run(data);
  expect(calls).toEqual({ nextRoutines: 0, completed: 1 });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ msg: message, meetingId: '12' });
});
