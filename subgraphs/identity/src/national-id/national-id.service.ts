import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, recordEvents } from '@portal/kit';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import { say } from '../messages';
import { blockedError, type SessionService } from '../session/session.service';
import type { AuthPayloadType } from '../session/session.type';
import { Consent, UserAccount } from '../user/user.entity';
import { userProfileChanged } from '../user/user.events';
import { duplicateError, duplicateFieldOf } from '../user/user.service';
import { NationalIdLink } from './national-id.entity';
import { NATIONAL_ID_FAILURE_TEXT, type NationalIdPersonClaims, accountUpdatesFromRegistry, readPersonClaims } from './national-id.rules';
import type { NationalIdVerifier } from './national-id.verifier';

export class NationalIdService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly verifier: NationalIdVerifier,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Signs in with an ID token of the Unified Identification System: the person's account is found
   * by the recorded link, else by PIN (and linked), else created with consent given through the
   * national system under the current terms version. Registry data refreshes the account.
   */
  async login(ctx: IdentityContext, idToken: string): Promise<AuthPayloadType> {
    const { caller } = ctx;
    const checked = await this.verifier.verify(idToken);
    if (!checked.ok) throw new AppError('UNAUTHENTICATED', say(caller, NATIONAL_ID_FAILURE_TEXT[checked.failure]), { reason: checked.failure });
    const claims = readPersonClaims(checked.claims as Record<string, unknown>);
    if (!claims.ok) throw new AppError('UNAUTHENTICATED', `${say(caller, NATIONAL_ID_FAILURE_TEXT.BAD_CLAIMS)} (${claims.reason})`, { reason: 'BAD_CLAIMS' });
    const person = claims.person;
    const now = new Date();

    try {
      return await ctx.em.transactional(async (tx) => {
        const link = await tx.findOne(NationalIdLink, { issuer: this.config.nationalId.issuer, subject: person.subject });
        const account = link
          ? await tx.findOne(UserAccount, { id: link.userId })
          : await tx.findOne(UserAccount, { pin: person.pin, kind: 'INDIVIDUAL' });
        if (account?.blockedAt) throw blockedError(caller, account);

        const signedIn = account ?? (await this.createAccount(tx, person, caller.acceptLanguage ?? 'KY', caller.ip, now));
        const changed = account ? await this.refreshAccount(tx, account, person) : true;
        if (changed) await recordEvents(tx, [userProfileChanged(signedIn)]);
        if (link) link.lastSignInAt = now;
        else {
          tx.persist(
            Object.assign(new NationalIdLink(), {
              userId: signedIn.id,
              issuer: this.config.nationalId.issuer,
              subject: person.subject,
              createdAccount: !account,
              linkedAt: now,
              lastSignInAt: now,
            }),
          );
        }
        return this.sessions.open(tx, signedIn, 'NATIONAL_ID', caller.ip, now);
      });
    } catch (error) {
      const field = duplicateFieldOf(error);
      if (field) throw duplicateError(field, caller.acceptLanguage ?? 'KY');
      throw error;
    }
  }

  private async createAccount(tx: EntityManager, person: NationalIdPersonClaims, language: 'KY' | 'RU', ip: string | null, now: Date): Promise<UserAccount> {
    const taken = await this.contactsTaken(tx, person);
    const account = Object.assign(new UserAccount(), {
      kind: 'INDIVIDUAL' as const,
      pin: person.pin,
      fullName: person.fullName,
      birthDate: person.birthDate,
      address: person.address,
      email: taken.email ? null : person.email,
      phone: taken.phone ? null : person.phone,
      preferredLanguage: language,
      roles: ['CITIZEN'],
      createdAt: now,
      updatedAt: now,
    });
    // The person accepted the terms and consented to data processing in the national system's flow.
    const consent = Object.assign(new Consent(), {
      userId: account.id,
      termsVersion: this.config.termsVersion,
      personalDataProcessing: true,
      acceptedAt: now,
      ip,
      channel: 'NATIONAL_ID' as const,
    });
    tx.persist([account, consent]);
    return account;
  }

  /** Applies the registry's data; true when the account changed. */
  private async refreshAccount(tx: EntityManager, account: UserAccount, person: NationalIdPersonClaims): Promise<boolean> {
    const taken = await this.contactsTaken(tx, { email: account.email ? null : person.email, phone: account.phone ? null : person.phone });
    const updates = accountUpdatesFromRegistry(account, person, taken);
    if (Object.keys(updates).length === 0) return false;
    Object.assign(account, updates, { version: account.version + 1 });
    return true;
  }

  /** Whether another account already uses the contacts the registry gave (they then stay unset here). */
  private async contactsTaken(tx: EntityManager, contacts: { email: string | null; phone: string | null }): Promise<{ email: boolean; phone: boolean }> {
    const [emailOwner, phoneOwner] = await Promise.all([
      contacts.email ? tx.findOne(UserAccount, { email: contacts.email }) : null,
      contacts.phone ? tx.findOne(UserAccount, { phone: contacts.phone }) : null,
    ]);
    return { email: emailOwner !== null, phone: phoneOwner !== null };
  }
}
