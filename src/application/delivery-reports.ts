import type { DeliveryReportView, DeliveryReports } from '../domain/delivery/outbox-store';
import type { Actor } from '../domain/identity';
import type { CommunityWithCounts } from '../domain/model';
import { type Result, ok } from '../domain/refusals';
import type { CommunityPointer } from './communities';
import { type AdministrationDeps, findForOrganiser } from './community-administration';

export interface DeliveryReportDeps extends AdministrationDeps {
  readonly reports: Pick<DeliveryReports, 'latest'>;
}

/** How many send-outs `livraison` shows. */
const SHOWN = 3;

/** The community's last delivery reports, for its organisers (and administrators) only. */
export async function latestDeliveryReports(
  deps: DeliveryReportDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<{ readonly community: CommunityWithCounts; readonly reports: readonly DeliveryReportView[] }>> {
  const found = await findForOrganiser(deps, actor, pointer, 'delivery');
  if (!found.ok) return found;
  return ok({ community: found.value, reports: await deps.reports.latest(found.value.id, SHOWN) });
}
