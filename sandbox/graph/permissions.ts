/**
 * The application permissions each endpoint needs (the least-privileged one Graph's docs list;
 * reference/teams-graph-facts.md §1, §2, §4), which `faults.denyPermission` can take away, and the
 * `roles` claim of the tokens the sandbox issues.
 */
export const PERMISSIONS = {
  createTeam: 'Team.Create',
  readTeam: 'Team.ReadBasic.All',
  archiveTeam: 'TeamSettings.ReadWrite.All',
  readMembers: 'TeamMember.Read.All',
  writeMembers: 'TeamMember.ReadWrite.All',
  installApps: 'TeamsAppInstallation.ReadWriteSelfForTeam.All',
  /** The app installing itself for a person, reading that installation and its chat (§4.3). */
  installForUser: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
  readCatalog: 'AppCatalog.Read.All',
  inviteGuests: 'User.Invite.All',
  readUsers: 'User.Read.All',
  readGroups: 'Group.Read.All',
  sendMail: 'Mail.Send',
  /** Events on a mailbox's calendar, with their Teams meetings (user-post-events.md: least privileged for app-only). */
  calendars: 'Calendars.ReadWrite',
  /** Finding the onlineMeeting behind an event by its join URL (onlinemeeting-get.md, app-only). */
  readOnlineMeetings: 'OnlineMeetings.Read.All',
  /** A meeting's recordings and getAllRecordings delta (teams-graph-facts §6.1, §6.2). */
  readRecordings: 'OnlineMeetingRecording.Read.All',
} as const;

/**
 * Broader permissions that also grant a call. The sandbox does not grant them by default (the app asks
 * for the least privileged only); `faults.allowPermission` does.
 */
export const ALSO_GRANTED_BY: Readonly<Partial<Record<string, readonly string[]>>> = {
  // Installs any app for a person, not just this one (§4.3).
  [PERMISSIONS.installForUser]: ['TeamsAppInstallation.ReadWriteForUser.All'],
};

export const GRANTED_ROLES: readonly string[] = Object.values(PERMISSIONS);
