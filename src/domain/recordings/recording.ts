import type { Localized } from '../model';

export type RecordingVisibility = 'public' | 'members';
export const RECORDING_VISIBILITIES: readonly RecordingVisibility[] = ['public', 'members'];

/** A published recording, with what the library shows beside it. */
export interface Recording {
  readonly id: string;
  readonly community: { readonly id: string; readonly slug: string; readonly name: Localized };
  readonly meeting: { readonly id: string; readonly title: Localized } | null;
  readonly title: string;
  readonly description: string;
  readonly speakers: readonly string[];
  /** https only (a Stream/SharePoint page, a video site). */
  readonly url: string;
  /** yyyy-MM-dd */
  readonly recordedOn: string;
  readonly visibility: RecordingVisibility;
  readonly publishedAt: Date;
  /** When the tenant deletes the Teams recording, if known. */
  readonly expiresAt: Date | null;
  readonly graphRecordingId: string | null;
}

/** A recording ready to be stored: checked by validateRecordingDraft (recording-form.ts). */
export interface RecordingPlan {
  readonly communityId: string;
  readonly meetingId: string | null;
  readonly title: string;
  readonly description: string;
  readonly speakers: readonly string[];
  readonly url: string;
  readonly recordedOn: string;
  readonly visibility: RecordingVisibility;
  readonly graphRecordingId: string | null;
  readonly expiresAt: Date | null;
  /** Folded title, speakers, description and community names: what the full-text index reads. */
  readonly searchText: string;
  readonly publishedBy: string;
}

/**
 * Who looks: `public` sees the recordings marked public only; a person also sees the members-only
 * recordings of the communities listed (those they belong to or organise; every one for administrators).
 */
export type RecordingViewer = { readonly kind: 'public' } | { readonly kind: 'person'; readonly communityIds: readonly string[] | 'all' };

export interface RecordingQuery {
  /** Words to find (any order, each a prefix), folded like the index. */
  readonly words: readonly string[];
  readonly communitySlug: string | undefined;
  /** A speaker's name, folded. */
  readonly speaker: string | undefined;
  readonly year: number | undefined;
  readonly offset: number;
  readonly limit: number;
}

export interface RecordingPage {
  readonly items: readonly Recording[];
  readonly total: number;
}

export interface RecordingFacets {
  readonly communities: readonly { readonly id: string; readonly slug: string; readonly name: Localized }[];
  readonly speakers: readonly string[];
  readonly years: readonly number[];
}

export interface RecordingStore {
  /** Stores it; undefined when this Graph recording was already published (graph_recording_id is unique). */
  publish(plan: RecordingPlan): Promise<Recording | undefined>;
  search(viewer: RecordingViewer, query: RecordingQuery): Promise<RecordingPage>;
  facets(viewer: RecordingViewer): Promise<RecordingFacets>;
  /** The recordings of these meetings the viewer may see, by meeting id. */
  ofMeetings(viewer: RecordingViewer, meetingIds: readonly string[]): Promise<Map<string, Recording[]>>;
  /** Public recordings per community id (the public page's counts). */
  publicCountsByCommunity(): Promise<Map<string, number>>;
}
