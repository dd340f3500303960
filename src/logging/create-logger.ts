import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/config';

/**
 * Values never written to the log, whatever the format: credentials that can travel in an error or a
 * request description (an Authorization header, a client secret, a bot password).
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'password',
  '*.password',
  'clientSecret',
  '*.clientSecret',
  'secret',
  '*.secret',
];

/**
 * The app's logger. `json` writes pino's JSON lines; `pretty` writes one readable line per entry
 * through pino-pretty used as a synchronous stream in this thread (no worker-thread transport), so a
 * line is written before the call returns, as with JSON.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { app: 'communities-of-practice' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  if (config.logFormat === 'json') return destination ? pino(options, destination) : pino(options);
  const stream = pretty({
    sync: true,
    destination: destination ?? 1,
    // Colours only on a terminal; a file or a pipe gets plain text.
    colorize: destination ? false : pretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,app',
  });
  return pino(options, stream);
}
