import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, badInput, type CertifiedKey, checkQualifiedCertificate, conflict, forbidden, isUuid, notFound, orderByKeys, qualifiedProblemError, recordEvents, requireUser, resolveLanguage, unauthenticated } from '@portal/kit';
import type DataLoader from 'dataloader';
import { calculateJwkThumbprint } from 'jose';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import type { DataAccessService } from '../data-access/data-access.service';
import { say } from '../messages';
import { REGISTRY_TEXT } from '../registry/registry.rules';
import { blockedError } from '../session/session.service';
import { UserAccount } from '../user/user.entity';
import { SigningKey } from './signing-key.entity';
import { signingKeyRegistered, signingKeyRevoked } from './signing-key.events';
import { canRevokeSigningKey, checkPublicSigningJwk } from './signing-key.rules';
import { SigningKeyType } from './signing-key.type';

export const SIGNING_KEYS_FORBIDDEN = "Signing keys are shown only to their owner and to operators.";

export class SigningKeyService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly dataAccess: DataAccessService,
  ) {}

  /**
   * Registers a public key for the caller: SIMPLE when no certificate chain is given, QUALIFIED when
   * the chain (leaf first) verifies up to the trusted root, certifies this very key, names the
   * account's PIN (or tax number) as the subject's serialNumber, is valid now and is not revoked.
   */
  async register(ctx: IdentityContext, publicKeyJwk: unknown, certificateChainPem: string[] | null | undefined): Promise<SigningKeyType> {
    const caller = requireUser(ctx);
    // a change: the account as an entity (the loader's records are for reads)
    const account = await ctx.em.findOne(UserAccount, { id: caller.userId });
    if (!account) throw unauthenticated('Your account no longer exists; sign in again.');
    if (account.blockedAt) throw blockedError(ctx.caller, account);

    const jwkCheck = checkPublicSigningJwk(publicKeyJwk);
    if (!jwkCheck.ok) throw badInput(jwkCheck.message, { field: 'publicKeyJwk' });

    const simple = certificateChainPem === null || certificateChainPem === undefined;
    // L-23 item 7: simple keys are issued to those whose identity the identification system established
    if (simple && !account.identityVerified) {
      throw new AppError('FORBIDDEN', say(ctx.caller, REGISTRY_TEXT.SIMPLE_KEY_NEEDS_VERIFIED_IDENTITY), { field: 'publicKeyJwk', reason: 'IDENTITY_NOT_VERIFIED' });
    }

    let certified: CertifiedKey | null = null;
    if (!simple) {
      if (!this.config.trustedRootCaPem) {
        throw badInput('Qualified signature keys cannot be registered yet: this portal has no trusted root certification authority configured.', { field: 'certificateChainPem' });
      }
      if (certificateChainPem.length === 0) {
        throw badInput('certificateChainPem is empty: give the signing certificate first, then its issuing CA certificates, or omit the argument for a simple signature key.', { field: 'certificateChainPem' });
      }
      const check = await checkQualifiedCertificate({
        keyId: 'being registered',
        chainPem: certificateChainPem,
        trustedRootsPem: this.config.trustedRootCaPem,
        jwk: jwkCheck.jwk,
        at: new Date(),
        // the provider (O) is checked when an officer signs a result, not here: the same key may sign personally
        signer: { identifier: account.pin },
        revocation: this.config.revocation,
      });
      if (!check.ok) {
        if (check.problem.kind === 'UNTRUSTED_CHAIN') throw badInput(check.problem.detail, { field: 'certificateChainPem' });
        const refusal = qualifiedProblemError(check.problem, resolveLanguage(ctx.caller));
        throw new AppError(refusal.code, refusal.message, { field: 'certificateChainPem', problem: check.problem.kind });
      }
      certified = check.certified;
    }

    const thumbprint = await calculateJwkThumbprint(jwkCheck.jwk, 'sha256');
    const existing = await ctx.em.findOne(SigningKey, { thumbprint });
    if (existing) throw duplicateKeyError(existing.userId === caller.userId);

    const key = Object.assign(new SigningKey(), {
      userId: caller.userId,
      level: certified ? ('QUALIFIED' as const) : ('SIMPLE' as const),
      publicKeyJwk: jwkCheck.jwk,
      thumbprint,
      certificateSubject: certified?.subject ?? null,
      certificateIssuer: certified?.issuer ?? null,
      certificateSerialNumber: certified?.serialNumber ?? null,
      certificateNotAfter: certified?.notAfter ?? null,
      certificateChainPem: certified?.chainPem ?? null,
    });
    try {
      await ctx.em.transactional(async (tx) => {
        tx.persist(key);
        await recordEvents(tx, [signingKeyRegistered(key)]);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicateKeyError(true);
      throw error;
    }
    return SigningKeyType.from(key);
  }

  /** Revokes a key (owner, or an operator): signatures made with it are no longer accepted. Idempotent. */
  async revoke(ctx: IdentityContext, id: string): Promise<SigningKeyType> {
    const caller = requireUser(ctx);
    const key = isUuid(id) ? await ctx.em.findOne(SigningKey, { id }) : null;
    if (!key) throw notFound(`No signing key with id ${id}.`);
    if (!canRevokeSigningKey(caller, key)) throw forbidden('Only the owner of a signing key or an operator may revoke it.');
    if (!key.revokedAt) {
      const revokedAt = new Date();
      await ctx.em.transactional(async (tx) => {
        // Conditional, so two concurrent revocations record one event.
        const updated = await tx.nativeUpdate(SigningKey, { id: key.id, revokedAt: null }, { revokedAt });
        if (updated === 1) await recordEvents(tx, [signingKeyRevoked({ ...key, revokedAt })]);
      });
      await ctx.em.refresh(key);
    }
    if (key.userId !== caller.userId) await this.dataAccess.record(ctx, { id: key.userId, roles: [] }, 'OPERATOR', ['signingKey']);
    return SigningKeyType.from(key);
  }

  /** Every key of the given users (one query per request), oldest first, revoked ones included. */
  keysOfUser(ctx: IdentityContext): DataLoader<string, SigningKeyType[]> {
    return ctx.loaders.get<string, SigningKeyType[]>('identity.signingKeysByUser', async (userIds) => {
      const keys = await ctx.em.find(SigningKey, { userId: { $in: [...userIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      const byUser = new Map<string, SigningKeyType[]>(userIds.map((userId) => [userId, []]));
      for (const key of keys) byUser.get(key.userId)?.push(SigningKeyType.from(key));
      return userIds.map((userId) => byUser.get(userId) ?? []);
    });
  }

  /**
   * Federation: `_entities` for SigningKey (e.g. the applications subgraph checking a signature).
   * The owner, operators and provider officers may read a key; reads by others than the owner are
   * recorded in the owner's data-access log, since a qualified certificate names the person.
   */
  async readReference(ctx: IdentityContext, id: string): Promise<SigningKeyType | null> {
    if (!ctx.caller.userId) throw forbidden('Signing keys are not shown to anonymous callers: sign in first.');
    const loader = ctx.loaders.get<string, SigningKey | null>('identity.signingKeyById', async (ids) => {
      const wellFormed = ids.filter((candidate) => isUuid(candidate));
      const keys = wellFormed.length > 0 ? await ctx.em.find(SigningKey, { id: { $in: wellFormed } }) : [];
      return orderByKeys(ids, keys, (key) => key.id);
    });
    const key = await loader.load(id);
    if (!key) return null;
    if (key.userId !== ctx.caller.userId) {
      const roles = ctx.caller.roles;
      if (roles.includes('OPERATOR')) await this.dataAccess.record(ctx, { id: key.userId, roles: [] }, 'OPERATOR', ['signingKey']);
      else if (roles.includes('PROVIDER_OFFICER')) await this.dataAccess.record(ctx, { id: key.userId, roles: [] }, 'OFFICER', ['signingKey']);
      else throw forbidden(SIGNING_KEYS_FORBIDDEN);
    }
    return SigningKeyType.from(key);
  }
}

function duplicateKeyError(ownKey: boolean) {
  return conflict(
    ownKey
      ? 'This public key is already registered to your account (revoked keys cannot be registered again); generate a new key pair.'
      : 'This public key is already registered on the portal; generate a new key pair.',
    { field: 'publicKeyJwk' },
  );
}
