import { chooseCategory, chooseLanguage } from '../../application/preferences';
import type { CommandHandler } from '../command-context';
import { categorySentence, currentPreferencesCard, languageSentence } from '../preference-replies';
import { readPreferenceRequest } from '../preference-words';
import { refusalMessage } from '../refusal-messages';

/**
 * `préférences` alone: the card. `préférences langue en|fr|auto`: the language of every reply.
 * `préférences rappels|invitations|lancements oui|non|défaut [communauté]`: a kind of message, for all
 * communities or for one.
 */
export const preferencesCommand: CommandHandler = async (ctx) => {
  const request = readPreferenceRequest(ctx.argument);
  if (request.kind === 'show') return { card: await currentPreferencesCard(ctx.preferences, ctx.identity, ctx.locale, ctx.t) };
  const { locale, t } = await ctx.replyLanguage(request.language);
  switch (request.kind) {
    case 'unclear':
      return { text: t('preferences.usage') };
    case 'language': {
      const change = await chooseLanguage(ctx.preferences, ctx.identity, request.locale);
      // The answer is already in the language just chosen (or, for automatic, in the one typed).
      return { text: languageSentence(change, (await ctx.replyLanguage(request.language)).t) };
    }
    case 'category': {
      const pointer = request.community === '' ? undefined : { query: request.community };
      const result = await chooseCategory(ctx.preferences, ctx.identity, request.category, request.choice, pointer);
      if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('preferences.example')) };
      return { text: categorySentence(result.value, locale, t) };
    }
  }
};
