import { LockMode } from '@mikro-orm/core';
import { badInput, domainEvent, forbidden, type LocalizedText, notFound, rateLimited, recordEvents, requireUser, resolveLanguage } from '@portal/kit';
import type { IdentityContext } from '../context';
import { CONTACT_TEXT, say, wrongCodeText } from '../messages';
import { accountChangeBy } from '../account/account-change';
import type { SessionService } from '../session/session.service';
import type { LoginThrottle } from '../throttle/throttle.service';
import { accountThrottleKey } from '../throttle/throttle.rules';
import type { PasswordHasher } from '../user/password-hash';
import { UserAccount } from '../user/user.entity';
import { userProfileChanged } from '../user/user.events';
import { checkPassword, classifyLogin } from '../user/user.rules';
import { duplicateError, duplicateFieldOf, fieldProblemsError } from '../user/user.service';
import { userLoader } from '../user/user.reference';
import { UserType } from '../user/user.type';
import { codeChannelOf, codeRequestKey, checkContactValue, type ContactChannelCode, purposeOf } from './contact.rules';
import type { CodeVerdict, OneTimeCodes } from './one-time-code.service';
import { ContactChallengeType, ContactChannel } from './contact.type';

const CONTACT_FIELD = { EMAIL: 'email', PHONE: 'phone' } as const;

/**
 * Contacts confirmed by one-time codes, and password reset through a confirmed contact. A new email
 * or phone waits on its code: the account's contact (and where notices go) changes only once the
 * code comes back, so until then the old verified contact keeps receiving notices.
 */
export class ContactService {
  constructor(
    private readonly codes: OneTimeCodes,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
  ) {}

  /** Sends a code to the new (or not yet verified) email or phone. */
  async updateContact(ctx: IdentityContext, channel: ContactChannelCode, value: string): Promise<ContactChallengeType> {
    const caller = requireUser(ctx);
    const { em } = ctx;
    const now = new Date();
    const check = checkContactValue(channel, value);
    if (!check.ok) throw badInput(say(caller, check.message), { field: 'value', problem: check.code });
    const account = await em.findOne(UserAccount, { id: caller.userId });
    if (!account || account.closedAt) throw notFound('Your account no longer exists.');
    const field = CONTACT_FIELD[channel];
    const verified = channel === 'EMAIL' ? account.verifiedEmail : account.verifiedPhone;
    if (verified === check.value) throw badInput(say(caller, CONTACT_TEXT.alreadyVerified), { field: 'value', problem: 'ALREADY_VERIFIED' });
    const taken = await em.count(UserAccount, { [field]: check.value, id: { $ne: account.id } });
    if (taken > 0) throw duplicateError(field, resolveLanguage(caller));

    const purpose = purposeOf(channel);
    const issued = await em.transactional(async (tx) => {
      const admitted = await this.codes.admitRequest(tx, codeRequestKey({ userId: account.id, purpose }), caller.ip, now);
      if (admitted.limited) throw rateLimited(say(caller, CONTACT_TEXT.tooManyCodes), admitted.retryAfterSeconds);
      return this.codes.issue(tx, account, { purpose, channel: codeChannelOf(channel), destination: check.value }, caller, now);
    });
    return Object.assign(new ContactChallengeType(), { channel: channel as ContactChannel, destination: check.value, expiresAt: issued.expiresAt });
  }

  /** Confirms the contact the last code went to: it replaces the account's email or phone and is verified. */
  async verifyContact(ctx: IdentityContext, channel: ContactChannelCode, typed: string): Promise<UserType> {
    const caller = requireUser(ctx);
    const now = new Date();
    const verdict = await this.codes.check(ctx.em, caller.userId, purposeOf(channel), typed, now);
    if (!verdict.ok) throw codeError(ctx, verdict);
    const field = CONTACT_FIELD[channel];
    try {
      const account = await ctx.em.transactional(async (tx) => {
        if (!(await this.codes.spend(tx, verdict.codeId, now))) throw codeError(ctx, { ok: false, reason: 'NONE' });
        const holder = await tx.findOne(UserAccount, { id: caller.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!holder || holder.closedAt) throw notFound('Your account no longer exists.');
        const previousValue = holder[field];
        holder[field] = verdict.destination;
        if (channel === 'EMAIL') holder.emailVerifiedAt = now;
        else holder.phoneVerifiedAt = now;
        holder.version += 1;
        tx.persist(
          accountChangeBy(caller, {
            userId: holder.id,
            action: 'CONTACT_VERIFIED' as const,
            at: now,
            channel,
            previousValue,
            newValue: verdict.destination,
          }),
        );
        await tx.flush();
        await recordEvents(tx, [
          userProfileChanged(holder),
          domainEvent('ContactVerified', { type: 'User', id: holder.id, version: holder.version }, { userId: holder.id, channel, value: verdict.destination, previousValue, at: now.toISOString() }),
        ]);
        return holder;
      });
      userLoader(ctx).clear(account.id);
      return UserType.from(account, 'SELF');
    } catch (error) {
      // someone else confirmed the same address in between: the unique index decides
      const duplicate = duplicateFieldOf(error);
      if (duplicate) throw duplicateError(duplicate, resolveLanguage(caller));
      throw error;
    }
  }

  /**
   * Sends a reset code to the account's verified email (else phone). Always true: whether the login
   * names an account, and whether it has a verified contact, is not revealed. Throttled per login and
   * per address whatever the login names, so the answer is the same for existing and unknown ones.
   */
  async requestPasswordReset(ctx: IdentityContext, login: string): Promise<boolean> {
    const { caller, em } = ctx;
    const now = new Date();
    const identifier = classifyLogin(login);
    const scope = codeRequestKey({ resetLogin: identifier?.value ?? login.slice(0, 320) });
    await em.transactional(async (tx) => {
      const admitted = await this.codes.admitRequest(tx, scope, caller.ip, now);
      if (admitted.limited) throw rateLimited(say(caller, CONTACT_TEXT.tooManyCodes), admitted.retryAfterSeconds);
      const account = identifier ? await tx.findOne(UserAccount, { [identifier.field]: identifier.value }) : null;
      if (!account || account.blockedAt || account.closedAt || !account.passwordHash) return;
      const target = account.verifiedEmail
        ? { channel: 'EMAIL' as const, destination: account.verifiedEmail }
        : account.verifiedPhone
          ? { channel: 'SMS' as const, destination: account.verifiedPhone }
          : null;
      if (target) await this.codes.issue(tx, account, { purpose: 'PASSWORD_RESET', ...target }, caller, now);
    });
    return true;
  }

  /**
   * Sets a new password with a reset code and ends every session of the account (refresh tokens stop,
   * gateways refuse the access tokens at once). Any failure answers the same, so it reveals nothing.
   */
  async resetPassword(ctx: IdentityContext, login: string, typed: string, newPassword: string): Promise<boolean> {
    const { caller, em } = ctx;
    const now = new Date();
    const language = resolveLanguage(caller);
    const identifier = classifyLogin(login);
    const account = identifier ? await em.findOne(UserAccount, { [identifier.field]: identifier.value }) : null;
    const problem = checkPassword(newPassword, account?.pin ?? '');
    if (problem) throw fieldProblemsError([{ ...problem, field: 'newPassword' }], language);
    const invalid = () => badInput(say(caller, CONTACT_TEXT.resetCodeInvalid), { field: 'code', problem: 'RESET_CODE_INVALID' });
    if (!account || account.blockedAt || account.closedAt || !account.passwordHash) throw invalid();
    const verdict = await this.codes.check(em, account.id, 'PASSWORD_RESET', typed, now);
    if (!verdict.ok) throw invalid();
    const passwordHash = await this.passwords.hash(newPassword);
    await em.transactional(async (tx) => {
      if (!(await this.codes.spend(tx, verdict.codeId, now))) throw invalid();
      const holder = await tx.findOneOrFail(UserAccount, { id: account.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      holder.passwordHash = passwordHash;
      const sessionsEnded = await this.sessions.endSessions(tx, { userId: holder.id }, 'PASSWORD_RESET', now);
      await this.throttle.forgiveAccount(tx, accountThrottleKey(holder.id, holder.pin));
      tx.persist(
        accountChangeBy(caller, {
          userId: holder.id,
          action: 'PASSWORD_RESET' as const,
          at: now,
          sessionsEnded,
          channel: verdict.channel,
        }),
      );
      await recordEvents(tx, [
        domainEvent('PasswordReset', { type: 'User', id: holder.id, version: holder.version }, { userId: holder.id, at: now.toISOString(), sessionsEnded, ip: caller.ip, channel: verdict.channel }),
      ]);
    });
    return true;
  }

  /** Whether the holder's email/phone is verified; the holder and the operator (support) see it, nobody else. */
  contactVerified(ctx: IdentityContext, user: UserType, channel: ContactChannelCode): boolean {
    // SELF is decided where the account was loaded: the caller's own, or the one a sign-in just opened
    if (user.access !== 'SELF' && user.access !== 'OPERATOR') throw forbiddenVerification(ctx);
    return channel === 'EMAIL' ? user.emailVerified : user.phoneVerified;
  }
}

const VERIFICATION_FORBIDDEN: LocalizedText = {
  ky: 'Байланыштар тастыкталганын аккаунттун ээси жана порталдын оператору гана көрөт.',
  ru: 'Подтверждены ли контакты, видят только владелец учётной записи и оператор портала.',
};

function forbiddenVerification(ctx: IdentityContext) {
  return forbidden(say(ctx.caller, VERIFICATION_FORBIDDEN));
}

/** A code that cannot confirm the contact, saying why and what to do, in the caller's language. */
function codeError(ctx: IdentityContext, verdict: Extract<CodeVerdict, { ok: false }>) {
  const text: LocalizedText =
    verdict.reason === 'WRONG'
      ? wrongCodeText(verdict.attemptsLeft)
      : { NONE: CONTACT_TEXT.noCode, EXPIRED: CONTACT_TEXT.codeExpired, TOO_MANY_WRONG: CONTACT_TEXT.tooManyWrongCodes, FORMAT: CONTACT_TEXT.codeFormat }[verdict.reason];
  const problem = { WRONG: 'CODE_WRONG', NONE: 'NO_CODE', EXPIRED: 'CODE_EXPIRED', TOO_MANY_WRONG: 'CODE_TOO_MANY_WRONG', FORMAT: 'CODE_FORMAT' }[verdict.reason];
  return badInput(say(ctx.caller, text), { field: 'code', problem, ...(verdict.reason === 'WRONG' ? { attemptsLeft: verdict.attemptsLeft } : {}) });
}
