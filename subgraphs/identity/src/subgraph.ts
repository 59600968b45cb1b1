import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { TundukMessageLogEntry } from '@portal/tunduk';
import { type BackgroundTask, log, type Route, type SubgraphContext, type SubgraphDefinition, startEventConsumer, startOutboxRelay } from '@portal/kit';
import { AccountChange } from './account/account.entity';
import { AccountService } from './account/account.service';
import { OneTimeCode, OneTimeCodeRequest } from './contact/contact.entity';
import { ContactService } from './contact/contact.service';
import { OneTimeCodes } from './contact/one-time-code.service';
import type { IdentityConfig } from './config';
import type { IdentityContext, IdentityServices } from './context';
import { ApplicationNumber, DataAccessRecord } from './data-access/data-access.entity';
import { startAccessLogPartitionJob } from './data-access/data-access-partitions';
import { DATA_ACCESS_CONSUMER, DATA_ACCESS_EVENT_TYPES, DataAccessService } from './data-access/data-access.service';
import { identityMigrations } from './migrations';
import { NationalIdLink } from './national-id/national-id.entity';
import { NationalIdService } from './national-id/national-id.service';
import { NationalIdVerifier } from './national-id/national-id.verifier';
import { startProviderApplicantProjection } from './provider-applicant/provider-applicant.consumer';
import { ProviderApplicants } from './provider-applicant/provider-applicant.service';
import { seedIdentityDemo } from './seed/demo-seed';
import { AccessTokenIssuer, JWKS_PATH } from './session/access-token';
import { RefreshToken, Session } from './session/session.entity';
import { SessionService } from './session/session.service';
import { SigningKey } from './signing-key/signing-key.entity';
import { SigningKeyService } from './signing-key/signing-key.service';
import { RegistryService } from './registry/registry.service';
import { buildIdentitySchema } from './schema';
import { LoginFailure } from './throttle/throttle.entity';
import { LoginThrottle } from './throttle/throttle.service';
import { PRODUCTION_SCRYPT, PasswordHasher } from './user/password-hash';
import { Consent, UserAccount, UserBlockEvent } from './user/user.entity';
import { UserService } from './user/user.service';

export const IDENTITY_SUBGRAPH_NAME = 'identity';
export const IDENTITY_DB_SCHEMA = 'identity';

export const identityEntities = [UserAccount, Consent, UserBlockEvent, Session, RefreshToken, SigningKey, NationalIdLink, DataAccessRecord, ApplicationNumber, LoginFailure, AccountChange, OneTimeCode, OneTimeCodeRequest, TundukMessageLogEntry];

const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

export function createIdentityServices(config: IdentityConfig): IdentityServices {
  const tokens = new AccessTokenIssuer(config.signingKey, config.accessTokenTtlSeconds);
  const passwords = new PasswordHasher({ ...PRODUCTION_SCRYPT, N: config.passwordScryptN });
  const throttle = new LoginThrottle();
  const dataAccess = new DataAccessService();
  const sessions = new SessionService(config, tokens, passwords, throttle);
  const registry = new RegistryService(config);
  const codes = new OneTimeCodes(config.oneTimeCodeKeys, config.oneTimeCodeTtlMinutes * 60_000);
  return {
    config,
    tokens,
    passwords,
    throttle,
    dataAccess,
    providerApplicants: new ProviderApplicants(),
    sessions,
    registry,
    users: new UserService(config, passwords, sessions, dataAccess, registry),
    codes,
    account: new AccountService(config, passwords, throttle, sessions, codes),
    contacts: new ContactService(codes, passwords, throttle, sessions),
    signingKeys: new SigningKeyService(config, dataAccess),
    nationalId: new NationalIdService(config, new NationalIdVerifier(config.nationalId), sessions, registry),
  };
}

/** The identity subgraph for runSubgraph / startTestSubgraph. */
export function createIdentitySubgraph(config: IdentityConfig): SubgraphDefinition<IdentityContext> {
  const services = createIdentityServices(config);
  return {
    name: IDENTITY_SUBGRAPH_NAME,
    schema: IDENTITY_DB_SCHEMA,
    entities: identityEntities,
    migrations: identityMigrations,
    buildSchema: buildIdentitySchema,
    seed: (em: EntityManager) => seedIdentityDemo(em, services),
    extendContext: (base: SubgraphContext): IdentityContext => ({ ...base, identity: services }),
    routes: (): Route[] => [
      {
        method: 'GET',
        path: JWKS_PATH,
        handle: async () => ({
          status: 200,
          headers: { 'content-type': 'application/jwk-set+json; charset=utf-8', 'cache-control': 'public, max-age=300' },
          body: JSON.stringify(services.tokens.jwks()),
        }),
      },
    ],
    background: (orm: MikroORM, { databaseUrl }) => {
      const applicants = startProviderApplicantProjection(orm, { databaseUrl });
      services.providerApplicants.attach(applicants);
      return [
        startOutboxRelay(orm, { databaseUrl, source: IDENTITY_SUBGRAPH_NAME }),
        applicants,
        // reads of personal data recorded by the other subgraphs join the subjects' access logs
        startEventConsumer(orm, {
          databaseUrl,
          name: DATA_ACCESS_CONSUMER,
          types: DATA_ACCESS_EVENT_TYPES,
          handle: (event, em) => services.dataAccess.consume(em, event),
        }),
        pruner(orm, services),
        // the access log's monthly partitions: created ahead, dropped after the retention period
        startAccessLogPartitionJob(orm, config.dataAccessLogRetentionMonths),
      ];
    },
  };
}

/**
 * Old login failures only matter for 15 minutes (a day's worth is kept for investigations); spent
 * national-ID tokens until they expire; started national-ID sign-ins a day past their expiry.
 */
function pruner(orm: MikroORM, services: IdentityServices): BackgroundTask {
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    const em = orm.em.fork() as unknown as EntityManager;
    running = services.throttle
      .prune(em)
      .then(() => services.nationalId.prune(em))
      .then(() => services.codes.prune(em))
      .then(() => undefined)
      .catch((error: unknown) => {
        log.error({ subgraph: IDENTITY_SUBGRAPH_NAME }, `pruning login failures or spent national-ID tokens failed: ${String(error)}`);
      });
  };
  const timer = setInterval(prune, PRUNE_INTERVAL_MS);
  timer.unref();
  return {
    drain: () => running,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
