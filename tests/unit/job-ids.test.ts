import { jobIdFor } from '../../src/jobs/job-ids';

describe('job ids from business keys', () => {
  it('are the same UUID v5 for the same key, and differ from one key to another', () => {
    const id = jobIdFor('provision_team/7/1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdFor('provision_team/7/1')).toBe(id);
    expect(jobIdFor('provision_team/7/2')).not.toBe(id);
    expect(jobIdFor('provision_team/8/1')).not.toBe(id);
  });

  it('follow RFC 9562 name-based hashing (its example: "www.example.com" in the DNS namespace)', () => {
    expect(jobIdFor('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
