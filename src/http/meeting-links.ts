import { SignJWT, jwtVerify } from 'jose';
import type { UserIdentity } from '../domain/model';
import type { MeetingLinks } from '../domain/meetings/meeting-views';

export type LinkPurpose = 'ics' | 'csv';

export interface LinkClaims {
  readonly meetingId: string;
  readonly user: UserIdentity;
  readonly purpose: LinkPurpose;
}

/** A calendar file's link lives long (cards stay in chats); a CSV of people's answers, a short time. */
const ICS_LIFETIME_S = 400 * 86_400;
export const CSV_LIFETIME_S = 15 * 60;
const ISSUER = 'communities-of-practice';

/**
 * Links opened from cards, outside Teams' authentication (a browser download): they carry who and what
 * in a token signed with LINK_SECRET (HS256, jose), checked before anything is read. The person is the
 * one the authenticated activity named when the card was made; a query string alone proves nothing.
 */
export class SignedMeetingLinks implements MeetingLinks {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly baseUrl: string,
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  calendar(meetingId: string, user: UserIdentity): Promise<string> {
    return this.link(meetingId, user, 'ics', ICS_LIFETIME_S, 'calendar.ics');
  }

  summaryCsv(meetingId: string, user: UserIdentity): Promise<string> {
    return this.link(meetingId, user, 'csv', CSV_LIFETIME_S, 'summary.csv');
  }

  /** The claims of a valid token for this meeting and purpose; undefined for anything else (forged, expired, another meeting). */
  async verify(token: string, meetingId: string, purpose: LinkPurpose): Promise<LinkClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: this.now() });
      if (payload.mid !== meetingId || payload.use !== purpose || typeof payload.sub !== 'string' || typeof payload.tid !== 'string') return undefined;
      return { meetingId, purpose, user: { tenantId: payload.tid, aadObjectId: payload.sub } };
    } catch {
      return undefined;
    }
  }

  private async link(meetingId: string, user: UserIdentity, purpose: LinkPurpose, lifetime: number, file: string): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ mid: meetingId, use: purpose, tid: user.tenantId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.aadObjectId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .sign(this.key);
    return `${this.baseUrl}/api/meetings/${meetingId}/${file}?t=${token}`;
  }
}
