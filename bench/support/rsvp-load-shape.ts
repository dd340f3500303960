/** What bench:rsvp's load sends (bench/support/rsvp-load.ts), written to a file before each round. */
export interface RsvpLoad {
  readonly meetingId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly people: readonly { readonly from: { id: string; aadObjectId: string; name: string }; readonly conversationId: string }[];
}
