/** The domain's vocabulary. Plain data, no SDK types. */

export type Locale = 'fr-CA' | 'en';
export const LOCALES: readonly Locale[] = ['fr-CA', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr-CA';

export type CommunityStatus = 'en_preparation' | 'active' | 'archived';

/** A person, as the authenticated activity or a validated token identifies them. */
export interface UserIdentity {
  readonly tenantId: string;
  readonly aadObjectId: string;
}

export interface Localized {
  readonly fr: string;
  readonly en: string;
}

export interface Community {
  readonly id: string;
  readonly slug: string;
  readonly name: Localized;
  readonly summary: Localized;
  readonly description: Localized;
  readonly status: CommunityStatus;
  readonly timeZone: string;
  readonly teamId: string | null;
}

export interface CommunityWithCounts extends Community {
  readonly memberCount: number;
  readonly interestCount: number;
}

export interface Organiser {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly displayName: string;
}

export interface Meeting {
  readonly id: string;
  readonly communityId: string;
  readonly title: Localized;
  readonly kind: 'in_person' | 'online';
  readonly location: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** Where a user stands with one community. */
export interface Standing {
  readonly member: boolean;
  readonly interested: boolean;
}

export function pick(text: Localized, locale: Locale): string {
  return locale === 'en' ? text.en : text.fr;
}
