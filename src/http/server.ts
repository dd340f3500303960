import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';

export interface ServerDeps {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  /** Resolves true when the database answers and every migration is applied. */
  readonly isReady: () => Promise<boolean>;
}

/** The least an activity must have before botbuilder sees it; botbuilder checks the rest. */
const activityEnvelope = z.looseObject({ type: z.string().min(1).max(64) });

// Teams activities are a few kilobytes; anything near this is not from Teams.
const MAX_BODY_BYTES = 512 * 1024;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'communities-of-practice', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    if (!activityEnvelope.safeParse(req.body).success) {
      res.send(400, { error: 'BadRequest', message: 'Expected a Bot Framework activity (JSON object with a type).' });
      return;
    }
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } catch (error) {
      // botbuilder validates the activity's fields before its own try/catch; a malformed field lands here.
      deps.logger.warn({ err: error }, 'malformed activity refused');
      if (!res.headersSent) res.send(400, { error: 'BadRequest', message: 'Malformed activity.' });
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'readiness check failed');
      return false;
    });
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error, callback: () => void) => {
    // 4xx are the client's business (the playground probes with HEAD while it waits); 5xx are ours.
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    deps.logger[status >= 500 ? 'error' : 'debug']({ err, method: req.method, url: req.url }, 'request refused');
    return callback();
  });
  return server;
}
