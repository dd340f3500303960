import { CommandParser, cleanCommandText } from '../../src/bot/command-parser';
import { COMMANDS } from '../../src/bot/command-registry';

const parser = new CommandParser(COMMANDS);

function parsed(text: string) {
  const result = parser.parse(text);
  return result.kind === 'command' ? { id: result.command.id, argument: result.argument, language: result.language } : result;
}

describe('parsing what people type', () => {
  it.each([
    ['aide', 'help', '', 'fr-CA'],
    ['/HELP', 'help', '', 'en'],
    ['communautés', 'communities', '', 'fr-CA'],
    ['Communautes', 'communities', '', 'fr-CA'],
    ['/communities', 'communities', '', 'en'],
    ['info Infonuagique', 'info', 'Infonuagique', undefined],
    ['à propos de sécurité', 'info', 'de sécurité', 'fr-CA'],
    ['about cloud computing', 'info', 'cloud computing', 'en'],
    ['rejoindre  Sécurité de l’information ', 'join', 'Sécurité de l’information', 'fr-CA'],
    ['/join cloud', 'join', 'cloud', 'en'],
    ['QUITTER infonuagique', 'leave', 'infonuagique', 'fr-CA'],
    ['intérêt automatisations', 'interest', 'automatisations', 'fr-CA'],
    ['interet automatisations', 'interest', 'automatisations', 'fr-CA'],
    ['mes communautés', 'mine', '', 'fr-CA'],
    ['My Communities', 'mine', '', 'en'],
    ['<at>Communautés de pratique</at> rejoindre infonuagique', 'join', 'infonuagique', 'fr-CA'],
    ['/ aide', 'help', '', 'fr-CA'],
    ['/nouvelle-communauté', 'create', '', 'fr-CA'],
    ['nouvelle communauté Nom | Name', 'create', 'Nom | Name', 'fr-CA'],
    ['Nouvelle-Communaute', 'create', '', 'fr-CA'],
    ['/new-community', 'create', '', 'en'],
    ['new community', 'create', '', 'en'],
    ['créer Robotique | Robotics', 'create', 'Robotique | Robotics', 'fr-CA'],
    ['lancer automatisations', 'launch', 'automatisations', 'fr-CA'],
    ['/launch automation', 'launch', 'automation', 'en'],
    ['archiver science des données', 'archive', 'science des données', 'fr-CA'],
    ['archive data science', 'archive', 'data science', 'en'],
    ['désarchiver science des données', 'unarchive', 'science des données', 'fr-CA'],
    ['/Desarchiver automatisations', 'unarchive', 'automatisations', 'fr-CA'],
    ['unarchive data science', 'unarchive', 'data science', 'en'],
    ['m’intéresse automatisations', 'interest', 'automatisations', 'fr-CA'],
  ])('"%s" → %s(%s)', (text, id, argument, language) => {
    expect(parsed(text)).toEqual({ id, argument, language });
  });

  it('empty text (or only a mention) is empty', () => {
    expect(parser.parse('')).toEqual({ kind: 'empty' });
    expect(parser.parse('  <at>Bot</at> &nbsp; ')).toEqual({ kind: 'empty' });
  });

  it('an unknown word is unknown, with the closest command as a suggestion', () => {
    expect(parser.parse('rejoidre x')).toEqual({ kind: 'unknown', text: 'rejoidre x', suggestion: 'rejoindre' });
    const nonsense = parser.parse('qwxz');
    expect(nonsense).toMatchObject({ kind: 'unknown', text: 'qwxz' });
  });

  it('a word is not a command just because it starts like one', () => {
    expect(parser.parse('joindre')).toMatchObject({ kind: 'command' });
    expect(parser.parse('joinder')).toMatchObject({ kind: 'unknown' });
    expect(parser.parse('aidez-moi')).toMatchObject({ kind: 'unknown' });
    expect(parser.parse('info-infonuagique')).toMatchObject({ kind: 'unknown' });
    expect(parser.parse('nouvelle')).toMatchObject({ kind: 'unknown' });
  });

  it('cleans HTML Teams may wrap around text', () => {
    expect(cleanCommandText('<p>aide</p>')).toBe('aide');
    expect(cleanCommandText('//aide')).toBe('aide');
  });

  it('every command has French and English aliases and no alias is shared by two commands', () => {
    const seen = new Map<string, string>();
    for (const command of COMMANDS) {
      expect(command.aliases['fr-CA'].length).toBeGreaterThan(0);
      expect(command.aliases.en.length).toBeGreaterThan(0);
      for (const alias of [...command.aliases['fr-CA'], ...command.aliases.en]) {
        const key = alias.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
        const owner = seen.get(key);
        if (owner) expect(owner).toBe(command.id);
        seen.set(key, command.id);
      }
    }
  });
});
