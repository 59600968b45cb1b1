import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, domainEvent, forbidden, isUuid, notFound, rateLimited, recordEvents, requireUser, resolveLanguage } from '@portal/kit';
import type DataLoader from 'dataloader';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import { ACCOUNT_TEXT, CONTACT_TEXT, say, termsNotCurrentText } from '../messages';
import type { OneTimeCodes } from '../contact/one-time-code.service';
import { userProfileChanged } from '../user/user.events';
import { Session } from '../session/session.entity';
import type { SessionService } from '../session/session.service';
import type { LoginThrottle } from '../throttle/throttle.service';
import { accountThrottleKey } from '../throttle/throttle.rules';
import type { PasswordHasher } from '../user/password-hash';
import { Consent, UserAccount } from '../user/user.entity';
import { fieldProblemsError } from '../user/user.service';
import { UserType } from '../user/user.type';
import { accountChangeBy } from './account-change';
import { acceptedTermsVersion, checkNewPassword, decideTermsAcceptance, standingSessions } from './account.rules';
import { SessionType } from './account.type';

/**
 * What the holder does with their own account from the cabinet: change the password, see and end
 * sessions, accept the terms again. Each change is recorded and announced (the holder gets a notice).
 */
export class AccountService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly codes: OneTimeCodes,
  ) {}

  /** The holder's standing sessions; anyone else is refused. */
  async sessionsOf(ctx: IdentityContext, user: UserType): Promise<SessionType[]> {
    holderOnly(ctx, user);
    const sessions = await sessionsLoader(ctx).load(user.id);
    return standingSessions(sessions, new Date(), this.config.refreshTokenTtlDays).map((session) => SessionType.from(session, ctx.caller.sessionId));
  }

  /** The version of the terms the holder accepted last; empty when none was ever recorded. */
  async acceptedTermsVersionOf(ctx: IdentityContext, user: UserType): Promise<string> {
    holderOnly(ctx, user);
    return acceptedTermsVersion(await consentsLoader(ctx).load(user.id)) ?? '';
  }

  /**
   * Checks the current password (failures count with the login throttle, so the access token of an
   * unattended device cannot be used to guess it), stores the new one and ends every other session.
   */
  async changePassword(ctx: IdentityContext, currentPassword: string, newPassword: string): Promise<boolean> {
    const caller = requireUser(ctx);
    const { em } = ctx;
    const now = new Date();
    const account = await em.findOne(UserAccount, { id: caller.userId });
    if (!account) throw notFound('Your account no longer exists.');
    if (!account.passwordHash) throw badInput(say(caller, ACCOUNT_TEXT.noPassword), { field: 'currentPassword', problem: 'NO_PASSWORD' });

    const throttleKey = accountThrottleKey(account.id, account.pin);
    const verdict = await this.throttle.check(em, throttleKey, caller.ip, now);
    if (verdict.limited) throw rateLimited(say(caller, ACCOUNT_TEXT.tooManyWrongPasswords), verdict.retryAfterSeconds);

    const verifiedHash = account.passwordHash;
    if (!(await this.passwords.verify(currentPassword, verifiedHash))) {
      await this.throttle.recordFailure(em, throttleKey, caller.ip, now);
      throw badInput(say(caller, ACCOUNT_TEXT.wrongCurrentPassword), { field: 'currentPassword', problem: 'WRONG_CURRENT_PASSWORD' });
    }
    const problem = checkNewPassword(newPassword, currentPassword, account.pin);
    if (problem) throw fieldProblemsError([problem], resolveLanguage(caller));
    const newHash = await this.passwords.hash(newPassword);

    await em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(UserAccount, { id: account.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // another changePassword (or a takeover) committed since the check: this one was made against an old password
      if (locked.passwordHash !== verifiedHash) throw conflict(say(caller, ACCOUNT_TEXT.passwordChangedMeanwhile), { problem: 'PASSWORD_CHANGED_MEANWHILE' });
      locked.passwordHash = newHash;
      const sessionsEnded = await this.sessions.endSessions(tx, { userId: account.id, exceptId: caller.sessionId ?? null }, 'PASSWORD_CHANGED', now);
      tx.persist(
        accountChangeBy(caller, {
          userId: account.id,
          action: 'PASSWORD_CHANGED' as const,
          at: now,
          sessionsEnded,
        }),
      );
      await this.throttle.forgiveAccount(tx, throttleKey);
      await recordEvents(tx, [
        domainEvent('PasswordChanged', { type: 'User', id: account.id, version: locked.version }, { userId: account.id, at: now.toISOString(), sessionsEnded, ip: caller.ip, userAgent: caller.userAgent ?? null }),
      ]);
    });
    return true;
  }

  /**
   * Ends one of the holder's own sessions (the current one too: that is signing out here). Someone
   * else's session is answered exactly like one that does not exist. False when it had already ended.
   */
  async endSession(ctx: IdentityContext, sessionId: string): Promise<boolean> {
    const caller = requireUser(ctx);
    const now = new Date();
    if (!isUuid(sessionId)) throw notFound(say(caller, ACCOUNT_TEXT.noSuchSession));
    return ctx.em.transactional(async (tx) => {
      const session = await tx.findOne(Session, { id: sessionId, userId: caller.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session) throw notFound(say(caller, ACCOUNT_TEXT.noSuchSession));
      if (session.revokedAt) return false;
      await this.sessions.endSessions(tx, { id: session.id }, 'ENDED_BY_USER', now, { method: session.method, ip: session.ip, userAgent: session.userAgent });
      tx.persist(
        accountChangeBy(caller, {
          userId: caller.userId,
          action: 'SESSION_ENDED' as const,
          at: now,
          targetSessionId: session.id,
          sessionsEnded: 1,
        }),
      );
      return true;
    });
  }

  /**
   * Withdrawal of consent to the terms and to personal-data processing (U-2, L-23): the account is
   * closed. Every session ends, sign-in is refused (password and national ID alike), open one-time
   * codes are void, and notices stop after the one confirming the withdrawal. Nothing is erased here:
   * submitted applications and what identifies their applicant are kept for the period the law
   * requires (R-27.6: at least a year), drafts expire as usual. The password is asked again (throttled
   * like sign-in), so an unattended signed-in device cannot close the account; an account without
   * a password (national ID only) confirms with its session alone. Withdrawing again answers true.
   */
  async withdrawConsent(ctx: IdentityContext, password: string | null | undefined): Promise<boolean> {
    const caller = requireUser(ctx);
    const { em } = ctx;
    const now = new Date();
    const account = await em.findOne(UserAccount, { id: caller.userId });
    if (!account) throw notFound('Your account no longer exists.');
    if (account.closedAt) return true;
    if (account.passwordHash) {
      if (!password) throw badInput(say(caller, CONTACT_TEXT.passwordRequired), { field: 'password', problem: 'PASSWORD_REQUIRED' });
      const throttleKey = accountThrottleKey(account.id, account.pin);
      const verdict = await this.throttle.check(em, throttleKey, caller.ip, now);
      if (verdict.limited) throw rateLimited(say(caller, ACCOUNT_TEXT.tooManyWrongPasswords), verdict.retryAfterSeconds);
      if (!(await this.passwords.verify(password, account.passwordHash))) {
        await this.throttle.recordFailure(em, throttleKey, caller.ip, now);
        throw badInput(say(caller, ACCOUNT_TEXT.wrongCurrentPassword), { field: 'password', problem: 'WRONG_CURRENT_PASSWORD' });
      }
    }
    await em.transactional(async (tx) => {
      const holder = await tx.findOneOrFail(UserAccount, { id: account.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (holder.closedAt) return;
      holder.closedAt = now;
      holder.version += 1;
      const sessionsEnded = await this.sessions.endSessions(tx, { userId: holder.id }, 'CONSENT_WITHDRAWN', now);
      await this.codes.voidAll(tx, holder.id, now);
      const consents = await tx.find(Consent, { userId: holder.id }, { orderBy: { acceptedAt: 'desc' }, limit: 1 });
      tx.persist(
        accountChangeBy(caller, {
          userId: holder.id,
          action: 'CONSENT_WITHDRAWN' as const,
          at: now,
          sessionsEnded,
        }),
      );
      await tx.flush();
      await recordEvents(tx, [
        userProfileChanged(holder),
        domainEvent('ConsentWithdrawn', { type: 'User', id: holder.id, version: holder.version }, { userId: holder.id, at: now.toISOString(), sessionsEnded, termsVersion: acceptedTermsVersion(consents) }),
      ]);
    });
    return true;
  }

  /** Records the holder's consent to the current terms (channel CABINET); the same version again is a no-op. */
  async acceptTerms(ctx: IdentityContext, version: string): Promise<UserType> {
    const caller = requireUser(ctx);
    const now = new Date();
    const current = this.config.termsVersion;
    const account = await ctx.em.transactional(async (tx) => {
      const holder = await tx.findOne(UserAccount, { id: caller.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!holder) throw notFound('Your account no longer exists.');
      const consents = await tx.find(Consent, { userId: holder.id }, { orderBy: { acceptedAt: 'desc' }, limit: 1 });
      const accepted = acceptedTermsVersion(consents);
      const decision = decideTermsAcceptance(version, current, accepted);
      if (decision === 'NOT_CURRENT') throw badInput(say(caller, termsNotCurrentText(current)), { field: 'version', problem: 'TERMS_VERSION_NOT_CURRENT', currentTermsVersion: current });
      if (decision === 'RECORD') {
        tx.persist(
          Object.assign(new Consent(), {
            userId: holder.id,
            termsVersion: current,
            personalDataProcessing: consents[0]?.personalDataProcessing ?? true,
            acceptedAt: now,
            ip: caller.ip,
            channel: 'CABINET' as const,
          }),
        );
        await recordEvents(tx, [domainEvent('TermsAccepted', { type: 'User', id: holder.id, version: holder.version }, { userId: holder.id, termsVersion: current, at: now.toISOString(), previousVersion: accepted })]);
      }
      return holder;
    });
    consentsLoader(ctx).clear(account.id);
    return UserType.from(account, 'SELF');
  }
}

/** Sessions and the accepted terms are the holder's alone: not for officers, not for the operator. */
function holderOnly(ctx: IdentityContext, user: UserType): void {
  if (user.access !== 'SELF' || ctx.caller.userId !== user.id) throw forbidden(say(ctx.caller, ACCOUNT_TEXT.ownSessionsOnly));
}

function sessionsLoader(ctx: IdentityContext): DataLoader<string, Session[]> {
  return ctx.loaders.get<string, Session[]>('identity.sessionsByUser', async (userIds) => {
    const sessions = await ctx.em.find(Session, { userId: { $in: [...userIds] }, revokedAt: null });
    return userIds.map((id) => sessions.filter((session) => session.userId === id));
  });
}

function consentsLoader(ctx: IdentityContext): DataLoader<string, Consent[]> {
  return ctx.loaders.get<string, Consent[]>('identity.consentsByUser', async (userIds) => {
    const consents = await ctx.em.find(Consent, { userId: { $in: [...userIds] } });
    return userIds.map((id) => consents.filter((consent) => consent.userId === id));
  });
}
