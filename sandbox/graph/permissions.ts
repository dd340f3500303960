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
  readCatalog: 'AppCatalog.Read.All',
  inviteGuests: 'User.Invite.All',
  readUsers: 'User.Read.All',
  readGroups: 'Group.Read.All',
} as const;

export const GRANTED_ROLES: readonly string[] = Object.values(PERMISSIONS);
