import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type Caller, badInput, domainEvent, recordEvents } from '@portal/kit';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import { say } from '../messages';
import { blockedError, type SessionService } from '../session/session.service';
import type { AuthPayloadType } from '../session/session.type';
import { SigningKey } from '../signing-key/signing-key.entity';
import { signingKeyRevoked } from '../signing-key/signing-key.events';
import { Consent, UserAccount } from '../user/user.entity';
import { userProfileChanged } from '../user/user.events';
import { duplicateError, duplicateFieldOf } from '../user/user.service';
import { NationalIdLink } from './national-id.entity';
import {
  NATIONAL_ID_FAILURE_TEXT,
  type NationalIdFailure,
  type NationalIdPersonClaims,
  REDIRECT_URI_NOT_ALLOWED,
  accountUpdatesFromRegistry,
  allowedRedirectUri,
  authorizationUrlFor,
  contactsAfterTakeover,
  hashState,
  linkDecision,
  looksLikeState,
  readPersonClaims,
  tokenIdOf,
} from './national-id.rules';
import type { NationalIdVerifier } from './national-id.verifier';
import { POPULATION_READ_FIELDS, REGISTRY_TEXT, personMismatches } from '../registry/registry.rules';
import { type RegistryService, registryReadRecord } from '../registry/registry.service';
import { registerFullName } from '@portal/tunduk';

/** How long identity waits for the national system's token endpoint. */
const TOKEN_ENDPOINT_TIMEOUT_MS = 5000;
const MAX_CODE_LENGTH = 2048;

export interface NationalIdLoginStartResult {
  authorizationUrl: string;
  state: string;
}

function refused(caller: Caller, failure: NationalIdFailure, detail?: string): AppError {
  const text = say(caller, NATIONAL_ID_FAILURE_TEXT[failure]);
  return new AppError('UNAUTHENTICATED', detail ? `${text} (${detail})` : text, { reason: failure });
}

export class NationalIdService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly verifier: NationalIdVerifier,
    private readonly sessions: SessionService,
    private readonly registry: RegistryService,
  ) {}

  /**
   * Starts an authorization-code sign-in: a fresh state and nonce are kept (the state hashed) with
   * the redirect URI until they expire; the browser goes to the returned URL, and comes back to the
   * redirect URI with `code` and `state` for completeLogin.
   */
  async startLogin(ctx: IdentityContext, redirectUri: string): Promise<NationalIdLoginStartResult> {
    const settings = this.config.nationalId;
    const allowed = allowedRedirectUri(redirectUri, settings.redirectUris);
    if (!allowed) throw badInput(say(ctx.caller, REDIRECT_URI_NOT_ALLOWED), { field: 'redirectUri' });
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const now = new Date();
    await ctx.em.execute(
      `insert into identity.national_id_login_start (state_hash, nonce, redirect_uri, ip, created_at, expires_at) values (?, ?, ?, ?, ?, ?)`,
      [hashState(state), nonce, allowed, ctx.caller.ip, now, new Date(now.getTime() + settings.loginTtlSeconds * 1000)],
    );
    return { authorizationUrl: authorizationUrlFor(settings, { redirectUri: allowed, state, nonce }), state };
  }

  /**
   * Completes a started sign-in: the state is spent first (one completion, whatever follows), the
   * code is exchanged at the national system's token endpoint with the client's authentication, and
   * the ID token must carry the nonce of that start.
   */
  async completeLogin(ctx: IdentityContext, code: string, state: string): Promise<AuthPayloadType> {
    const { caller } = ctx;
    if (!looksLikeState(state)) throw refused(caller, 'UNKNOWN_STATE');
    if (code.length === 0 || code.length > MAX_CODE_LENGTH) throw refused(caller, 'CODE_REFUSED');
    const [started] = await ctx.em.execute<Array<{ nonce: string; redirect_uri: string }>>(
      `update identity.national_id_login_start set completed_at = now()
       where state_hash = ? and completed_at is null and expires_at > now() returning nonce, redirect_uri`,
      [hashState(state)],
    );
    if (!started) throw refused(caller, 'UNKNOWN_STATE');
    const idToken = await this.exchangeCode(caller, code, started.redirect_uri);
    return this.signIn(ctx, idToken, started.nonce);
  }

  /**
   * Signs in with an ID token handed over directly (the contract's loginWithNationalId). A token
   * that carries a nonce must belong to a sign-in started here and not completed yet.
   */
  login(ctx: IdentityContext, idToken: string): Promise<AuthPayloadType> {
    return this.signIn(ctx, idToken, null);
  }

  /** Forgets spent tokens once they have expired (a replay would fail on expiry then) and old started sign-ins. */
  async prune(em: EntityManager): Promise<void> {
    await em.execute(`delete from identity.national_id_token_use where expires_at < now() - interval '5 minutes'`);
    await em.execute(`delete from identity.national_id_login_start where expires_at < now() - interval '1 day'`);
  }

  /** The token endpoint (OpenID Connect Core 3.1.3), authenticated with client_secret_basic or client_secret_post. */
  private async exchangeCode(caller: Caller, code: string, redirectUri: string): Promise<string> {
    const settings = this.config.nationalId;
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (settings.tokenAuthMethod === 'client_secret_basic') {
      // RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding
      const credentials = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      form.set('client_id', settings.clientId);
      form.set('client_secret', settings.clientSecret);
    }
    const response = await fetch(settings.tokenUrl, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(TOKEN_ENDPOINT_TIMEOUT_MS) });
    const body = (await response.json().catch(() => null)) as { id_token?: unknown; error?: unknown } | null;
    if (response.status === 400 && body?.error === 'invalid_grant') throw refused(caller, 'CODE_REFUSED');
    // Anything else (the portal's client refused, the system down) is not the person's fault: logged and masked.
    if (!response.ok || typeof body?.id_token !== 'string') {
      throw new Error(`national-ID token endpoint answered ${response.status} ${JSON.stringify(body?.error ?? null)}`);
    }
    return body.id_token;
  }

  /**
   * Verifies the ID token (signature, issuer, audience, expiry, nonce), spends it (its jti is kept
   * until it expires, so a replay is refused), and signs the person in: the account is found by the
   * recorded link, else by PIN, else created with consent given through the national system. An
   * existing password account never linked to the national ID is taken over, never merged silently.
   */
  private async signIn(ctx: IdentityContext, idToken: string, expectedNonce: string | null): Promise<AuthPayloadType> {
    const { caller } = ctx;
    const checked = await this.verifier.verify(idToken);
    if (!checked.ok) throw refused(caller, checked.failure);
    const claims = checked.claims as Record<string, unknown>;
    const person = readPersonClaims(claims);
    if (!person.ok) throw refused(caller, 'BAD_CLAIMS', person.reason);
    const tokenId = tokenIdOf(claims, idToken);
    const tokenExpiresAt = new Date(Number(checked.claims.exp) * 1000);
    const now = new Date();

    try {
      return await ctx.em.transactional(async (tx) => {
        if (expectedNonce !== null) {
          if (claims.nonce !== expectedNonce) throw refused(caller, 'NONCE_MISMATCH');
        } else if (claims.nonce !== undefined) {
          const bound = await tx.execute(
            `update identity.national_id_login_start set completed_at = now()
             where nonce = ? and completed_at is null and expires_at > now() returning state_hash`,
            [String(claims.nonce)],
          );
          if (bound.length === 0) throw refused(caller, 'NONCE_MISMATCH');
        }
        // A concurrent second use waits on the first one's row and then finds it: one sign-in per token.
        const fresh = await tx.execute(
          `insert into identity.national_id_token_use (issuer, token_id, used_at, expires_at) values (?, ?, ?, ?)
           on conflict do nothing returning token_id`,
          [this.config.nationalId.issuer, tokenId, now, tokenExpiresAt],
        );
        if (fresh.length === 0) throw refused(caller, 'REPLAYED');
        return this.signInPerson(tx, caller, person.person, now);
      });
    } catch (error) {
      const field = duplicateFieldOf(error);
      if (field) throw duplicateError(field, caller.acceptLanguage ?? 'KY');
      throw error;
    }
  }

  private async signInPerson(tx: EntityManager, caller: Caller, person: NationalIdPersonClaims, now: Date): Promise<AuthPayloadType> {
    const issuer = this.config.nationalId.issuer;
    const link = await tx.findOne(NationalIdLink, { issuer, subject: person.subject });
    const account = link ? await tx.findOne(UserAccount, { id: link.userId }) : await tx.findOne(UserAccount, { pin: person.pin, kind: 'INDIVIDUAL' });
    if (account?.blockedAt) throw blockedError(caller, account);
    const linkedElsewhere = !link && account ? (await tx.count(NationalIdLink, { userId: account.id })) > 0 : false;
    const decision = linkDecision(link !== null, account ? { hasPassword: account.passwordHash !== null, linkedToNationalId: linkedElsewhere } : null);

    const signedIn = account ?? (await this.createAccount(tx, caller, person, now));
    if (decision === 'TAKE_OVER') await this.takeOver(tx, signedIn, person, now);
    // the national system established who this is (L-23)
    const newlyVerified = decision !== 'CREATE' && signedIn.identityVerifiedAt === null;
    if (newlyVerified) Object.assign(signedIn, { identityVerifiedAt: now, identityVerifiedBy: 'NATIONAL_ID' as const, version: signedIn.version + (decision === 'TAKE_OVER' ? 0 : 1) });
    const changed = decision === 'CREATE' || (await this.refreshAccount(tx, signedIn, person)) || decision === 'TAKE_OVER' || newlyVerified;
    if (changed) await recordEvents(tx, [userProfileChanged(signedIn)]);
    if (link) link.lastSignInAt = now;
    else {
      tx.persist(
        Object.assign(new NationalIdLink(), {
          userId: signedIn.id,
          issuer,
          subject: person.subject,
          createdAccount: decision === 'CREATE',
          linkedAt: now,
          lastSignInAt: now,
          tookOverAt: decision === 'TAKE_OVER' ? now : null,
        }),
      );
    }
    return this.sessions.open(tx, signedIn, 'NATIONAL_ID', caller, now);
  }

  /**
   * The verified identity takes a password account over: the password is cleared, contacts the
   * registry does not confirm are dropped, every session ends (ACCOUNT_TAKEN_OVER) and every signing
   * key is revoked, each announced, and the holder is told (AccountTakenOverByNationalId).
   */
  private async takeOver(tx: EntityManager, account: UserAccount, person: NationalIdPersonClaims, now: Date): Promise<void> {
    const passwordCleared = account.passwordHash !== null;
    Object.assign(account, { passwordHash: null, ...contactsAfterTakeover(account, person), version: account.version + 1 });
    const sessionsEnded = await this.sessions.endSessions(tx, { userId: account.id }, 'ACCOUNT_TAKEN_OVER', now);
    const keys = await tx.find(SigningKey, { userId: account.id, revokedAt: null });
    for (const key of keys) key.revokedAt = now;
    await tx.flush();
    await recordEvents(tx, [
      ...keys.map((key) => signingKeyRevoked(Object.assign(key, { revokedAt: now }))),
      domainEvent('AccountTakenOverByNationalId', { type: 'User', id: account.id, version: account.version }, {
        userId: account.id,
        at: now.toISOString(),
        passwordCleared,
        sessionsEnded,
        signingKeysRevoked: keys.length,
        preferredLanguage: account.preferredLanguage,
      }),
    ]);
  }

  /**
   * A new account for a person the national system signed in: name, birth date and address come from
   * the population register (read through Tunduk); a PIN the register does not know, or a deceased
   * person, is refused and nothing is created.
   */
  private async createAccount(tx: EntityManager, caller: Caller, person: NationalIdPersonClaims, now: Date): Promise<UserAccount> {
    const language = caller.acceptLanguage ?? 'KY';
    const ip = caller.ip;
    const read = await this.registry.person(tx, caller, person.pin, 'national-id sign-in');
    const registered = read.record;
    if (!registered || personMismatches({ fullName: registerFullName(registered), birthDate: null }, registered).includes('DECEASED')) {
      throw badInput(say(caller, registered ? REGISTRY_TEXT.DECEASED : REGISTRY_TEXT.NOT_IN_REGISTER), { field: 'pin', problem: registered ? 'REGISTER_DECEASED' : 'REGISTER_NOT_IN_REGISTER' });
    }
    const taken = await this.contactsTaken(tx, person);
    const account = Object.assign(new UserAccount(), {
      kind: 'INDIVIDUAL' as const,
      pin: person.pin,
      fullName: registerFullName(registered),
      birthDate: registered.birthDate,
      address: registered.address || person.address,
      identityVerifiedAt: now,
      identityVerifiedBy: 'NATIONAL_ID' as const,
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
    tx.persist([account, consent, registryReadRecord(account.id, read, POPULATION_READ_FIELDS, caller, now)]);
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
