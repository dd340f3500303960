import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';

export interface ServerDeps {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  /** Resolves true when the database answers and every migration is applied. */
  readonly isReady: () => Promise<boolean>;
}

// Teams activities are a few kilobytes; anything near this is not from Teams.
const MAX_BODY_BYTES = 512 * 1024;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'communities-of-practice', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      res.send(400, { error: 'BadRequest', message: 'Expected a JSON activity.' });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'readiness check failed');
      return false;
    });
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
  });

  server.on('restifyError', (req, res, err, callback) => {
    deps.logger.warn({ err, url: req.url }, 'request refused');
    return callback();
  });
  return server;
}
