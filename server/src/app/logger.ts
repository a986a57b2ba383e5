import { pino } from 'pino';

/** Structured logs. Known secret fields are redacted even if a caller passes them by mistake. */
export function createLogger(level: string) {
  const logger = pino({
    level,
    redact: { paths: ['authToken', '*.authToken', 'password', '*.password', 'token', '*.token', 'headers.authorization', '*.headers.authorization', 'authorization', 'accessToken', '*.accessToken', 'appSecret', '*.appSecret', 'verifyToken', '*.verifyToken'], censor: '[redacted]' },
  });
  const log = (msg: string, extra: Record<string, unknown> = {}) => logger.info(extra, msg);
  const logError = (msg: string, extra: Record<string, unknown> = {}) => logger.error(extra, msg);
  return { logger, log, logError };
}
