import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

/**
 * The baseline for bench/commands.ts: the least a botbuilder bot can do on the same stack as the app
 * (restify 11, the same body parser, CloudAdapter with an empty bot id), so the ratio measures what
 * our own code adds per turn. Usage: node dist/bench/echo-bot.js <port>
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }
}

const port = Number(process.argv[2] ?? 3979);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
// Same options as src/http/server.ts, so parsing costs the same on both sides.
server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false, rejectUnknown: true }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  return next();
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
