import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { MeetingFiles } from '../domain/meetings/meeting-files';
import type { LinkPurpose, SignedMeetingLinks } from './meeting-links';

/**
 * GET /api/meetings/{id}/calendar.ics?t=… and …/summary.csv?t=…: the token says who and what; the
 * files check again that the person may have it (an organiser who stopped being one gets no CSV).
 */
export function addMeetingFileRoutes(server: Server, links: SignedMeetingLinks, files: MeetingFiles, logger: Logger): void {
  const serve = (purpose: LinkPurpose, file: string, contentType: string, make: (meetingId: string, user: { tenantId: string; aadObjectId: string }) => Promise<string | undefined>) => {
    server.get(`/api/meetings/:id/${file}`, async (req, res) => {
      const raw = (req.params as { id?: unknown }).id;
      const meetingId = typeof raw === 'string' ? raw : '';
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const claims = /^\d{1,18}$/.test(meetingId) ? await links.verify(query.get('t') ?? '', meetingId, purpose) : undefined;
      if (!claims) {
        res.send(403, { error: 'Forbidden', message: 'Ce lien n’est pas valide ou a expiré. / This link is not valid or has expired.' });
        return;
      }
      try {
        const body = await make(meetingId, claims.user);
        if (body === undefined) {
          res.send(404, { error: 'NotFound', message: 'Introuvable. / Not found.' });
          return;
        }
        res.writeHead(200, {
          'Content-Type': contentType,
          'Content-Disposition': `attachment; filename="rencontre-${meetingId}${file.slice(file.indexOf('.'))}"`,
          'Cache-Control': 'no-store',
        });
        res.end(body);
      } catch (error) {
        logger.error({ err: error, meetingId, file }, 'meeting file failed');
        res.send(500, { error: 'InternalError' });
      }
    });
  };
  serve('ics', 'calendar.ics', 'text/calendar; charset=utf-8', (id, user) => files.calendarFor(id, user));
  serve('csv', 'summary.csv', 'text/csv; charset=utf-8', (id, user) => files.summaryCsvFor(id, user));
}
