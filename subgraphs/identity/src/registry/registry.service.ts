import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type Caller, type LanguageCode, localize, log, requireRole, resolveLanguage, type TundukMessageConnectionType, TundukMessageLogVerificationType, tundukMessageLogPage } from '@portal/kit';
import {
  type LegalEntity,
  type PopulationPerson,
  REGISTRY_SERVICES,
  type TundukAnswer,
  TundukClient,
  TundukForgedAnswerError,
  TundukMessageLogEntry,
  TundukUnavailableError,
  verifyMessageLogChain,
} from '@portal/tunduk';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import { DataAccessRecord } from '../data-access/data-access.entity';
import { REGISTRY_READ_SOURCE, unavailableText } from './registry.rules';


/** An answer of a register with the exchange that gave it (for the data-access log). */
export interface RegisterRead<T> {
  record: T | null;
  service: string;
  messageId: string;
}

/**
 * Identity's reads of the population and legal-entity registers through Tunduk, and the operator's
 * view of identity's message log. A register that cannot be reached, or whose answer is not signed
 * by the security server, stops what needed it with RATE_LIMITED and the time to retry.
 */
export class RegistryService {
  readonly client: TundukClient;

  constructor(config: IdentityConfig) {
    this.client = new TundukClient(config.tunduk);
  }

  /** The population register's record of `pin` (null: the register does not know it). */
  person(em: EntityManager, caller: Caller, pin: string, issue: string, language?: LanguageCode): Promise<RegisterRead<PopulationPerson>> {
    return this.read<PopulationPerson>(em, caller, { service: REGISTRY_SERVICES.populationPerson, path: pin, userId: pin, issue }, language);
  }

  /** The legal-entity register's record of `taxNumber`, read for the person `registrantPin`. */
  legalEntity(em: EntityManager, caller: Caller, taxNumber: string, registrantPin: string, issue: string, language?: LanguageCode): Promise<RegisterRead<LegalEntity>> {
    return this.read<LegalEntity>(em, caller, { service: REGISTRY_SERVICES.legalEntity, path: taxNumber, userId: registrantPin, issue }, language);
  }

  private async read<T>(em: EntityManager, caller: Caller, request: { service: string; path: string; userId: string; issue: string }, language?: LanguageCode): Promise<RegisterRead<T>> {
    let answer: TundukAnswer<T>;
    try {
      answer = await this.client.request<T>(em, request);
    } catch (error) {
      throw registerUnavailable(error, language ?? resolveLanguage(caller));
    }
    return { record: answer.status === 'OK' ? answer.data : null, service: request.service, messageId: answer.messageId };
  }

  /** OPERATOR: identity's message log, newest first. */
  async listLog(ctx: IdentityContext, first: number | null | undefined, after: string | null | undefined): Promise<TundukMessageConnectionType> {
    requireRole(ctx, 'OPERATOR');
    return tundukMessageLogPage(first, after, (beforeSeq, limit) =>
      ctx.em.find(TundukMessageLogEntry, beforeSeq ? { seq: { $lt: beforeSeq } } : {}, { orderBy: { seq: 'desc' }, limit }),
    );
  }

  /** OPERATOR: walks the whole log and checks every hash link and the portal's signatures. */
  async verifyLog(ctx: IdentityContext): Promise<TundukMessageLogVerificationType> {
    requireRole(ctx, 'OPERATOR');
    return TundukMessageLogVerificationType.from(await verifyMessageLogChain(ctx.em, { portalPublicKey: this.client.portalPublicKey }));
  }
}

/** RATE_LIMITED with the time to retry for a register that is down or answered unsigned; anything else stays an internal fault. */
export function registerUnavailable(error: unknown, language: LanguageCode): unknown {
  if (error instanceof TundukUnavailableError || error instanceof TundukForgedAnswerError) {
    const retryAfterSeconds = Math.max(1, Math.ceil((error instanceof TundukUnavailableError ? error.retryAfterMs : 30_000) / 1000));
    if (error instanceof TundukForgedAnswerError) {
      log.error({ subgraph: 'identity', service: error.service, reason: error.reason, logEntry: error.logEntryId }, 'refused a Tunduk answer');
    }
    return new AppError('RATE_LIMITED', localize(unavailableText(retryAfterSeconds), language), {
      retryAfterSeconds,
      reason: error instanceof TundukUnavailableError ? 'REGISTER_UNAVAILABLE' : 'REGISTER_ANSWER_REFUSED',
    });
  }
  return error;
}

/** The access-log row of a register read about `subjectUserId` (shown in myDataAccessLog with the register as the reader). */
export function registryReadRecord(subjectUserId: string, read: RegisterRead<unknown>, fields: string[], caller: Caller, at: Date): DataAccessRecord {
  return Object.assign(new DataAccessRecord(), {
    subjectUserId,
    actorUserId: null,
    actorRole: null,
    actorProviderId: null,
    purpose: 'IDENTITY_VERIFICATION' as const,
    fields,
    operation: read.service,
    source: REGISTRY_READ_SOURCE,
    requestId: caller.requestId,
    at,
  });
}
