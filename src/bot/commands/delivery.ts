import { latestDeliveryReports } from '../../application/delivery-reports';
import { deliveryReportsCard } from '../../cards/delivery-report-cards';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

/** "livraison <communauté>": who was reached by the community's last send-outs, who was not, and why. */
export const deliveryCommand: CommandHandler = async ({ identity, locale, t, argument, deliveryReports }) => {
  if (argument.trim() === '') return { text: t('delivery.usage') };
  const result = await latestDeliveryReports(deliveryReports, actorOf(identity), { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.delivery.usage')) };
  return { card: deliveryReportsCard(pick(result.value.community.name, locale), result.value.reports, locale, t) };
};
