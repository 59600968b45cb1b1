import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type LanguageCode, badInput, conflict, isUuid, localize, notFound, recordEvents, requireRole, resolveLanguage } from '@portal/kit';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import type { DataAccessService } from '../data-access/data-access.service';
import type { SessionService } from '../session/session.service';
import type { AuthPayloadType } from '../session/session.type';
import type { PasswordHasher } from './password-hash';
import { Consent, UserAccount, UserBlockEvent } from './user.entity';
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
  ) {}

  /** The signed-in caller's own account; null when anonymous. */
  async me(ctx: IdentityContext): Promise<UserType | null> {
    if (!ctx.caller.userId) return null;
    const account = await userLoader(ctx).load(ctx.caller.userId);
    return account ? UserType.from(account, 'SELF') : null;
  }

  /**
   * Creates the cabinet: validated identifiers, hashed password, the consent with its terms version,
   * time and address, and a first session, all in one commit.
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

    const now = new Date();
    const passwordHash = await this.passwords.hash(registration.password);
    try {
      return await em.transactional(async (tx) => {
        const account = Object.assign(new UserAccount(), {
          kind: registration.kind,
          pin: registration.pin,
          fullName: registration.fullName,
          email: registration.email,
          phone: registration.phone,
          birthDate: registration.birthDate,
          preferredLanguage: registration.preferredLanguage,
          roles: ['CITIZEN'],
          passwordHash,
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
        tx.persist([account, consent]);
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

/** BAD_USER_INPUT naming every wrong field, each with its message in the caller's language. */
export function fieldProblemsError(problems: FieldProblem[], language: LanguageCode) {
  const fieldErrors = problems.map((problem) => ({ field: problem.field, code: problem.code, message: localize(problem.message, language) }));
  return badInput(fieldErrors.map((error) => error.message).join(' '), { field: fieldErrors[0].field, problem: fieldErrors[0].code, fieldErrors });
}
