import { checkRecordingDraft, searchTextOf, searchWords, speakerNames } from '../../src/domain/recordings/recording-form';

const good = { title: 'Titre', speakers: 'Ana Roy', description: '', url: 'https://example.org/v', recordedOn: '2030-01-10', visibility: 'members' };

describe('the publish-recording form', () => {
  test('a good draft is trimmed and its speakers split on commas, semicolons and lines, repeats dropped', () => {
    const checked = checkRecordingDraft({ ...good, title: '  Titre  ', speakers: 'Ana Roy, Luc  Côté;\nana roy\n, ' }, '2030-01-10');
    expect(checked).toEqual({ ok: true, value: { ...good, speakers: ['Ana Roy', 'Luc Côté'] } });
  });

  test('every problem is reported at once, each under its field', () => {
    const checked = checkRecordingDraft(
      { title: 'x'.repeat(201), speakers: Array.from({ length: 21 }, (_, i) => `P${i}`), description: 'd'.repeat(2001), url: 'javascript:alert(1)', recordedOn: '2030-02-30', visibility: 'everyone' },
      '2030-01-10',
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      { field: 'title', code: 'too_long', max: 200 },
      { field: 'speakers', code: 'too_many', max: 20 },
      { field: 'description', code: 'too_long', max: 2000 },
      { field: 'url', code: 'invalid_url' },
      { field: 'recordedOn', code: 'invalid_date' },
      { field: 'visibility', code: 'unknown_choice' },
    ]);
  });

  test('links must be https with a host and no credentials; dates may not be after today in the community', () => {
    const problemsOf = (over: Partial<typeof good>) => {
      const checked = checkRecordingDraft({ ...good, ...over }, '2030-01-10');
      return checked.ok ? [] : checked.problems.map((p) => `${p.field}:${p.code}`);
    };
    expect(problemsOf({ url: 'http://example.org/v' })).toEqual(['url:invalid_url']);
    expect(problemsOf({ url: 'https://user:pw@example.org/v' })).toEqual(['url:invalid_url']);
    expect(problemsOf({ url: 'https://localhost/v' })).toEqual(['url:invalid_url']);
    expect(problemsOf({ url: '' })).toEqual(['url:required']);
    expect(problemsOf({ recordedOn: '2030-01-11' })).toEqual(['recordedOn:in_the_future']);
    expect(problemsOf({ recordedOn: '10/01/2030' })).toEqual(['recordedOn:invalid_date']);
  });

  test('search words are folded like the index, at most 8 of at most 40 characters; operators are not words', () => {
    expect(searchWords('Sécurité  des DONNÉES')).toEqual(['securite', 'des', 'donnees']);
    expect(searchWords("a & b | !c :* 'd'")).toEqual(['a', 'b', 'c', 'd']);
    expect(searchWords('1 2 3 4 5 6 7 8 9')).toHaveLength(8);
    expect(searchWords('x'.repeat(60))).toEqual(['x'.repeat(40)]);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchTextOf(['Sécurité', '', 'Luc Côté'])).toBe('securite luc cote');
    expect(speakerNames(['  Zoé  ', 'ZOE'])).toEqual(['Zoé']);
  });
});
