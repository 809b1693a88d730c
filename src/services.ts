// Builds the long-lived services one process shares: database, clock, mail, SMS, logger, caches.
import pino from 'pino';
import type { Services } from './core/action.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Config } from './core/config.js';
import { openDatabase, type DbHandle } from './core/db/index.js';
import { createMailer } from './core/mail/index.js';
import { createSmsSender } from './core/sms/index.js';
import { loadCalendarSettings } from './core/calendar-settings.js';
import { createRateLimits } from './core/rate-limits.js';
import { createCacheService } from './core/cache.js';
import { redactUrl } from './core/log-redaction.js';

export interface ServiceOptions {
  clock?: Clock;
  dbHandle?: DbHandle;
  logger?: pino.Logger;
}

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
];

/** Fastify's request serializer, with the URL's secrets redacted (core/log-redaction.ts). */
function requestForLog(request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

export function createLogger(config: Config, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { req: requestForLog } };
  return destination ? pino(options, destination) : pino(options);
}

export function createServices(config: Config, options: ServiceOptions = {}): { services: Services; dbHandle: DbHandle } {
  const dbHandle = options.dbHandle ?? openDatabase(config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config);
  const services: Services = {
    db: dbHandle.db,
    dialect: dbHandle.dialect,
    clock,
    config,
    mail: createMailer(dbHandle.db, config, clock),
    sms: createSmsSender(dbHandle.db, config, clock),
    logger,
    calendar: loadCalendarSettings(config.calendarFile),
    rateLimits: createRateLimits(dbHandle.db, dbHandle.dialect, clock),
    cache: createCacheService(dbHandle.db),
  };
  // The cache's timer reads the database: it stops before the database closes.
  const closeDatabase = dbHandle.close.bind(dbHandle);
  dbHandle.close = async () => {
    services.cache.close();
    await closeDatabase();
  };
  return { services, dbHandle };
}
