import { z } from 'zod';
import { savePreferences } from '../../application/preferences';
import { COMMUNITY_CHOICE_VALUES, LANGUAGE_VALUES, PREFERENCE_INPUTS } from '../../cards/preference-cards';
import { MUTABLE_CATEGORIES, type MutableCategory } from '../../domain/delivery/message-preferences';
import type { CommunityCategoryChoice } from '../../domain/delivery/preference-editing';
import { currentPreferencesCard } from '../preference-replies';
import { refusalMessage } from '../refusal-messages';
import type { VerbHandler } from './verb-context';

const toggle = z.enum(['true', 'false']).optional();
const communityChoice = z.enum(COMMUNITY_CHOICE_VALUES).default('keep');
const shape = <V extends z.ZodType, K extends string>(key: (category: MutableCategory) => K, value: V) =>
  Object.fromEntries(MUTABLE_CATEGORIES.map((category) => [key(category), value])) as Record<K, V>;

/**
 * The inputs of the preferences card: only these are read, and none says who is saving (that is the
 * person Teams says clicked). An input left out leaves its preference as it is.
 */
const preferenceInputs = z.object({
  [PREFERENCE_INPUTS.language]: z.enum(LANGUAGE_VALUES).optional(),
  ...shape(PREFERENCE_INPUTS.forAll, toggle),
  [PREFERENCE_INPUTS.community]: z
    .string()
    .max(60)
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/)
    .default(''),
  ...shape(PREFERENCE_INPUTS.forCommunity, communityChoice),
});

const COMMUNITY_CHOICES: Readonly<Record<(typeof COMMUNITY_CHOICE_VALUES)[number], CommunityCategoryChoice | undefined>> = {
  keep: undefined,
  for_all: 'for_all',
  yes: true,
  no: false,
};

/** "Enregistrer" on the preferences card: saves what differs, answers with the card as it now stands. */
export const savePreferencesVerb: VerbHandler = async (ctx) => {
  const parsed = preferenceInputs.safeParse(ctx.inputs);
  if (!parsed.success) return { message: ctx.t('errors.badAction'), status: 400 };
  const inputs = parsed.data;
  const language = inputs[PREFERENCE_INPUTS.language];
  const forAll: Partial<Record<MutableCategory, boolean>> = {};
  const forCommunity: Partial<Record<MutableCategory, CommunityCategoryChoice>> = {};
  for (const category of MUTABLE_CATEGORIES) {
    const all = inputs[PREFERENCE_INPUTS.forAll(category)];
    if (all !== undefined) forAll[category] = all === 'true';
    const one = COMMUNITY_CHOICES[inputs[PREFERENCE_INPUTS.forCommunity(category)]];
    if (one !== undefined) forCommunity[category] = one;
  }
  const slug = inputs[PREFERENCE_INPUTS.community];
  const wantsException = Object.keys(forCommunity).length > 0;
  const result = await savePreferences(ctx.preferences, ctx.identity, {
    language: language === undefined ? undefined : { locale: language === 'auto' ? undefined : language },
    forAll,
    community: slug !== '' && wantsException ? { pointer: { slug }, choices: forCommunity } : undefined,
  });
  if (!result.ok) {
    const problem = refusalMessage(result.refusal, ctx.locale, ctx.t, '');
    return { card: await currentPreferencesCard(ctx.preferences, ctx.identity, ctx.locale, ctx.t, { problem }) };
  }
  // The card and its confirmation come back in the language just chosen, if one was.
  const { locale, t } = await ctx.replyLanguage();
  const notice = t(result.value.changed ? 'preferences.card.saved' : 'preferences.card.unchanged');
  const problem = wantsException && slug === '' ? t('preferences.card.pickCommunity') : undefined;
  return { card: await currentPreferencesCard(ctx.preferences, ctx.identity, locale, t, { notice, problem }) };
};
