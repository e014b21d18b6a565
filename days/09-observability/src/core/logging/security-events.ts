import type { Logger } from './logger';

/**
 * Security-relevant events, logged at warn with a stable `event` name so alerts can match on
 * it. Callers pass identifiers only: never passwords, tokens or Authorization headers.
 */
export type SecurityEvent =
  | { event: 'login_failed'; email: string; ip: string | undefined; reason: string }
  | { event: 'invalid_token'; ip: string | undefined; reason: string }
  | { event: 'refresh_token_reuse'; userId: number; familyId: string }
  | { event: 'forbidden'; userId: number | undefined; method: string; path: string }
  | { event: 'rate_limited'; ip: string | undefined; method: string; path: string; limiter: string }
  | { event: 'metrics_denied'; ip: string | undefined };

export function logSecurityEvent(logger: Logger, event: SecurityEvent): void {
  logger.warn(`security: ${event.event}`, { ...event, security: true });
}
