import { SANDBOX_ROUTES } from '../../sandbox/graph/router';
import { classifyGraphRequest, mailboxOf } from '../../src/graph/teams-limits';

describe('which Graph limits a request falls under', () => {
  it.each([
    ['POST', '/v1.0/teams', { family: 'createTeam', teamId: null }],
    ['GET', '/v1.0/teams', { family: 'otherTeamsGet', teamId: null }],
    ['GET', "/v1.0/teams('ABC')", { family: 'getTeam', teamId: 'abc' }],
    ['GET', "/v1.0/teams('ABC')/operations('op')", { family: 'otherTeamsGet', teamId: 'abc' }],
    ['POST', '/v1.0/teams/abc/members/add', { family: 'otherTeams', teamId: 'abc' }],
    ['GET', '/v1.0/teams/abc/members?$top=999', { family: 'getTeamMembers', teamId: 'abc' }],
    ['POST', '/v1.0/teams/abc/installedApps', { family: 'writeTeamApps', teamId: 'abc' }],
    ['GET', "/v1.0/appCatalogs/teamsApps?$filter=externalId eq 'x'", { family: 'getTeamApps', teamId: null }],
    ['GET', '/v1.0/users/someone/joinedTeams', { family: 'getTeam', teamId: null }],
    ['GET', "/v1.0/groups?$filter=displayName eq 'x'", { family: 'directory', teamId: null }],
    ['GET', '/v1.0/users/someone@example.com', { family: 'directory', teamId: null }],
    ['POST', '/v1.0/invitations', { family: 'directory', teamId: null }],
    ['POST', '/v1.0/users/someone/teamwork/installedApps', { family: 'writeTeamApps', teamId: null }],
    ["GET", "/v1.0/users/someone/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq 'x'", { family: 'getTeamApps', teamId: null }],
    ['GET', '/v1.0/users/someone/teamwork/installedApps/aW5zdA%3D%3D/chat', { family: 'getTeamApps', teamId: null }],
    ['POST', '/v1.0/users/service%40contoso.com/sendMail', { family: 'mail', teamId: null }],
    ['POST', '/v1.0/users/service%40contoso.com/events', { family: 'calendar', teamId: null }],
    ['PATCH', '/v1.0/users/service%40contoso.com/events/AAMkAGI2%3D', { family: 'calendar', teamId: null }],
    ['POST', "/v1.0/users('service%40contoso.com')/events('AAMkAGI2=')/cancel", { family: 'calendar', teamId: null }],
    ['GET', '/v1.0/users/service%40contoso.com/events/AAMkAGI2%3D/attachments', { family: 'directory', teamId: null }],
  ])('%s %s falls under %j', (method, path, expected) => {
    expect(classifyGraphRequest(method, `https://graph.microsoft.com${path}`)).toEqual(expected);
  });

  // The sandbox counts each route in the class its route table names; the client must agree, or it
  // would pace requests against a budget the sandbox (and Graph) does not apply to them.
  it.each(SANDBOX_ROUTES.filter((route) => route.endpoint !== 'token').map((route) => [route.method, route.pattern, route.endpoint] as const))(
    'the client classes the sandbox route %s %s as %s, as the sandbox does',
    (method, pattern, endpoint) => {
      const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => `sample-${name.toLowerCase()}`);
      const expectedTeam = pattern.includes('{teamId}') ? 'sample-teamid' : null;
      expect(classifyGraphRequest(method, `https://127.0.0.1:8443${path}`)).toEqual({ family: endpoint, teamId: expectedTeam });
    },
  );

  it.each([
    ['POST', '/v1.0/users/Service%40Contoso.com/sendMail', 'service@contoso.com'],
    ['POST', "/v1.0/users('0040b377-61d8-43db-94f5-81374122dc7e')/sendMail", '0040b377-61d8-43db-94f5-81374122dc7e'],
    ['GET', '/v1.0/users/service%40contoso.com/sendMail', undefined],
    ['POST', '/v1.0/users/service%40contoso.com/messages', undefined],
    ['POST', '/v1.0/teams/abc/installedApps', undefined],
    ['POST', '/v1.0/users/Service%40Contoso.com/events', 'service@contoso.com'],
    ['DELETE', '/v1.0/users/service%40contoso.com/events/AAMkAGI2%3D', 'service@contoso.com'],
    ['POST', '/v1.0/users/service%40contoso.com/events/AAMkAGI2%3D/cancel', 'service@contoso.com'],
  ])('%s %s addresses mailbox %s', (method, path, mailbox) => {
    expect(mailboxOf(method, `https://graph.microsoft.com${path}`)).toBe(mailbox);
  });
});
