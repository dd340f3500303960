import { helpCard } from '../../cards/help-cards';
import type { CommandHandler } from '../command-context';

export const helpCommand: CommandHandler = async ({ locale, t, commands }) => ({
  card: helpCard(commands, locale, t),
});
