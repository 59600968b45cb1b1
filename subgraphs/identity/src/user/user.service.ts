import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type LanguageCode, badInput, conflict, isUuid, localize, notFound, recordEvents, requireRole, resolveLanguage } from '@portal/kit';
import { registerFullName } from '@portal/tunduk';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import type { DataAccessService } from '../data-access/data-access.service';
import { POPULATION_READ_FIELDS, PERSON_MISMATCH_FIELD, type PersonMismatch, REGISTRY_TEXT, legalEntityRefusal, personMismatches } from '../registry/registry.rules';
import { type RegisterRead, type RegistryService, registryReadRecord } from '../registry/registry.service';
import type { SessionService } from '../session/session.service';
import type { AuthPayloadType } from '../session/session.type';
import type { PasswordHasher } from './password-hash';
import { Consent, type IdentityVerification, UserAccount, UserBlockEvent } from './user.entity';
import { userProfileChanged } from './user.events';
import type { RegisterInput } from './user.inputs';
import { userLoader } from './user.reference';
import { type FieldProblem, checkBlockReason, checkRegistration, duplicateAccountProblem } from './user.rules';
import { UserType } from './user.type';

export class UserService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly dataAccess: DataAccessService,
    private readonly registry: RegistryService,
  ) {}

  /** The signed-in caller's own account; null when anonymous. */
  async me(ctx: IdentityContext): Promise<UserType | null> {
    if (!ctx.caller.userId) return null;
    const account = await userLoader(ctx).load(ctx.caller.userId);
    return account ? UserType.from(account, 'SELF') : null;
  }

  /**
   * Creates the cabinet: validated identifiers checked against the state registers (L-23), hashed
   * password, the consent with its terms version, time and address, and a first session, all in one
   * commit. Nothing is created when a register refuses, cannot be reached or is not trusted.
   */
  async register(ctx: IdentityContext, input: RegisterInput): Promise<AuthPayloadType> {
    const { caller, em } = ctx;
    const language = resolveLanguage(caller, input.preferredLanguage ?? null);
    const check = checkRegistration(
      {
        kind: input.kind,
        pin: input.pin,
        fullName: input.fullName,
        email: input.email,
        phone: input.phone,
        password: input.password,
        preferredLanguage: input.preferredLanguage ?? null,
        acceptedTermsVersion: input.acceptedTermsVersion,
        consentToPersonalDataProcessing: input.consentToPersonalDataProcessing,
      },
      this.config.termsVersion,
      { fallbackLanguage: caller.acceptLanguage ?? undefined },
    );
    if (!check.ok) throw fieldProblemsError(check.problems, language);
    const registration = check.registration;

    const duplicate = await findDuplicate(em, registration);
    if (duplicate) throw duplicateError(duplicate, language);

    const verified = await this.verifyWithRegisters(ctx, registration, isoDate(input.birthDate), language);

    const now = new Date();
    const passwordHash = await this.passwords.hash(registration.password);
    try {
      return await em.transactional(async (tx) => {
        const account = Object.assign(new UserAccount(), {
          kind: registration.kind,
          pin: registration.pin,
          // as the register writes them
          fullName: verified.fullName,
          email: registration.email,
          phone: registration.phone,
          birthDate: verified.birthDate,
          address: verified.address,
          preferredLanguage: registration.preferredLanguage,
          roles: ['CITIZEN'],
          passwordHash,
          identityVerifiedAt: now,
          identityVerifiedBy: verified.by,
          createdAt: now,
          updatedAt: now,
        });
        const consent = Object.assign(new Consent(), {
          userId: account.id,
          termsVersion: registration.termsVersion,
          personalDataProcessing: true,
          acceptedAt: now,
          ip: caller.ip,
          channel: 'PORTAL_REGISTRATION' as const,
        });
        tx.persist([account, consent, ...verified.reads.map(({ subject, read, fields }) => registryReadRecord(subject ?? account.id, read, fields, caller, now))]);
        const payload = await this.sessions.open(tx, account, 'REGISTRATION', caller, now);
        await recordEvents(tx, [userProfileChanged(account)]);
        return payload;
      });
    } catch (error) {
      // Two registrations racing past the duplicate check: the unique index decides.
      const field = duplicateFieldOf(error);
      if (field) throw duplicateError(field, language);
      throw error;
    }
  }

  /**
   * An individual's PIN, full name (surname first) and birth date must match the population register
   * and the person be alive; a legal entity must be ACTIVE in the legal-entity register, and the
   * caller, signed in with a verified individual account, its director there. Returns what the
   * account takes from the register and the reads to show in the access logs.
   */
  private async verifyWithRegisters(
    ctx: IdentityContext,
    registration: { kind: string; pin: string; fullName: string; birthDate: string | null },
    claimedBirthDate: string | null,
    language: LanguageCode,
  ): Promise<{ fullName: string; birthDate: string | null; address: string | null; by: IdentityVerification; reads: Array<{ subject: string | null; read: RegisterRead<unknown>; fields: string[] }> }> {
    const { caller, em } = ctx;
    if (registration.kind === 'INDIVIDUAL') {
      const read = await this.registry.person(em, caller, registration.pin, 'registration', language);
      const mismatches = personMismatches({ fullName: registration.fullName, birthDate: claimedBirthDate ?? registration.birthDate }, read.record);
      if (mismatches.length > 0 || !read.record) throw registerMismatchError(mismatches, language);
      const person = read.record;
      return { fullName: registerFullName(person), birthDate: person.birthDate, address: person.address || null, by: 'POPULATION_REGISTER', reads: [{ subject: null, read, fields: POPULATION_READ_FIELDS }] };
    }
    // a legal entity is registered by its director, signed in with an individual account whose identity is established
    const registrant = caller.userId ? await em.findOne(UserAccount, { id: caller.userId }) : null;
    if (!registrant || registrant.kind !== 'INDIVIDUAL') {
      throw new AppError('UNAUTHENTICATED', localize(REGISTRY_TEXT.DIRECTOR_SIGN_IN, language), { field: 'pin', reason: 'DIRECTOR_SIGN_IN_REQUIRED' });
    }
    if (!registrant.identityVerified) throw new AppError('FORBIDDEN', localize(REGISTRY_TEXT.DIRECTOR_NOT_VERIFIED, language), { field: 'pin', reason: 'IDENTITY_NOT_VERIFIED' });
    const read = await this.registry.legalEntity(em, caller, registration.pin, registrant.pin, 'registration of a legal entity', language);
    const refusal = legalEntityRefusal(read.record, registrant.pin);
    if (refusal === 'NOT_DIRECTOR') throw new AppError('FORBIDDEN', localize(REGISTRY_TEXT.NOT_DIRECTOR, language), { field: 'pin', problem: 'NOT_DIRECTOR' });
    if (refusal || !read.record) {
      const text = refusal === 'NOT_ACTIVE' ? REGISTRY_TEXT.ENTITY_NOT_ACTIVE : REGISTRY_TEXT.ENTITY_NOT_IN_REGISTER;
      throw badInput(localize(text, language), { field: 'pin', problem: refusal === 'NOT_ACTIVE' ? 'LEGAL_ENTITY_NOT_ACTIVE' : 'LEGAL_ENTITY_NOT_IN_REGISTER' });
    }
    return {
      fullName: read.record.name,
      birthDate: null,
      address: read.record.address || null,
      by: 'LEGAL_ENTITY_REGISTER',
      // the register was asked who directs the company: a read about the director
      reads: [{ subject: registrant.id, read, fields: ['legalEntity.directorPin'] }],
    };
  }

  /** OPERATOR: blocks an account (U-2): records who, when and why, and ends all its sessions. */
  async block(ctx: IdentityContext, userId: string, reason: string): Promise<UserType> {
    const operator = requireRole(ctx, 'OPERATOR');
    const reasonText = checkBlockReason(reason);
    if (!reasonText) throw badInput('Give the reason for blocking (1 to 1000 characters): the account holder is shown it.', { field: 'reason' });
    if (userId === operator.userId) throw badInput('You cannot block your own account.', { field: 'userId' });
    const now = new Date();
    const account = await ctx.em.transactional(async (tx) => {
      const target = await lockAccount(tx, userId);
      if (!target.blockedAt) {
        Object.assign(target, { blockedAt: now, blockedBy: operator.userId, blockedReason: reasonText, version: target.version + 1 });
        tx.persist(Object.assign(new UserBlockEvent(), { userId: target.id, action: 'BLOCK' as const, actorUserId: operator.userId, reason: reasonText, at: now }));
        await this.sessions.endSessions(tx, { userId: target.id }, 'USER_BLOCKED', now);
        await recordEvents(tx, [userProfileChanged(target)]);
      }
      return target;
    });
    return UserType.from(account, 'OPERATOR');
  }

  /** OPERATOR: lifts a block (U-3), recorded like the block itself. */
  async unblock(ctx: IdentityContext, userId: string, reason: string): Promise<UserType> {
    const operator = requireRole(ctx, 'OPERATOR');
    const reasonText = checkBlockReason(reason);
    if (!reasonText) throw badInput('Give the reason for unblocking (1 to 1000 characters).', { field: 'reason' });
    const now = new Date();
    const account = await ctx.em.transactional(async (tx) => {
      const target = await lockAccount(tx, userId);
      if (target.blockedAt) {
        Object.assign(target, { blockedAt: null, blockedBy: null, blockedReason: null, version: target.version + 1 });
        tx.persist(Object.assign(new UserBlockEvent(), { userId: target.id, action: 'UNBLOCK' as const, actorUserId: operator.userId, reason: reasonText, at: now }));
        await recordEvents(tx, [userProfileChanged(target)]);
      }
      return target;
    });
    return UserType.from(account, 'OPERATOR');
  }
}

async function lockAccount(tx: EntityManager, userId: string): Promise<UserAccount> {
  const account = isUuid(userId) ? await tx.findOne(UserAccount, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!account) throw notFound(`No user with id ${userId}.`);
  return account;
}

async function findDuplicate(em: EntityManager, registration: { pin: string; email: string | null; phone: string | null }): Promise<'pin' | 'email' | 'phone' | null> {
  const candidates = [{ pin: registration.pin }, ...(registration.email ? [{ email: registration.email }] : []), ...(registration.phone ? [{ phone: registration.phone }] : [])];
  const existing = await em.find(UserAccount, { $or: candidates }, { fields: ['pin', 'email', 'phone'] });
  if (existing.some((account) => account.pin === registration.pin)) return 'pin';
  if (registration.email && existing.some((account) => account.email === registration.email)) return 'email';
  if (registration.phone && existing.some((account) => account.phone === registration.phone)) return 'phone';
  return null;
}

/** Which identifier a unique-index violation on user_account is about, if it is one. */
export function duplicateFieldOf(error: unknown): 'pin' | 'email' | 'phone' | null {
  if (!(error instanceof UniqueConstraintViolationException)) return null;
  const constraint = (error as { constraint?: string }).constraint ?? '';
  if (constraint === 'user_account_pin_key') return 'pin';
  if (constraint === 'user_account_email_key') return 'email';
  if (constraint === 'user_account_phone_key') return 'phone';
  return null;
}

export function duplicateError(field: 'pin' | 'email' | 'phone', language: LanguageCode) {
  const problem = duplicateAccountProblem(field);
  return conflict(localize(problem.message, language), { field, problem: problem.code });
}

/** GraphQL's Date scalar parses to a Date at UTC midnight; the register speaks YYYY-MM-DD. */
function isoDate(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** BAD_USER_INPUT saying which of PIN, full name and birth date did not match the register (never what it holds). */
export function registerMismatchError(mismatches: PersonMismatch[], language: LanguageCode) {
  const fieldErrors = mismatches.map((mismatch) => ({ field: PERSON_MISMATCH_FIELD[mismatch], code: `REGISTER_${mismatch}`, message: localize(REGISTRY_TEXT[mismatch], language) }));
  return badInput(fieldErrors.map((error) => error.message).join(' '), { field: fieldErrors[0]!.field, problem: fieldErrors[0]!.code, fieldErrors });
}

/** BAD_USER_INPUT naming every wrong field, each with its message in the caller's language. */
export function fieldProblemsError(problems: FieldProblem[], language: LanguageCode) {
  const fieldErrors = problems.map((problem) => ({ field: problem.field, code: problem.code, message: localize(problem.message, language) }));
  return badInput(fieldErrors.map((error) => error.message).join(' '), { field: fieldErrors[0].field, problem: fieldErrors[0].code, fieldErrors });
}
