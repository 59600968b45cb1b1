import { createApplicationsSubgraph, loadApplicationsConfig } from '@portal/applications';
import { createCatalogSubgraph, loadCatalogConfig } from '@portal/catalog';
import { feedOptionsFromEnv, jwksAccessTokenVerifier, loadGatewayEnv, parseOrigins, type RunningGateway, startGateway } from '@portal/gateway';
import { createIdentitySubgraph, loadIdentityConfig } from '@portal/identity';
import { DEV_SECRETS, type EventBusOptions, eventBusOptionsFromEnv, type RunningSubgraph, runSubgraph, type SubgraphDefinition } from '@portal/kit';
import { createNotificationsSubgraph, loadNotificationsConfig } from '@portal/notifications';
import { createPaymentsSubgraph, loadPaymentsConfig } from '@portal/payments';
import { SUBGRAPHS, type SubgraphName } from '@portal/schema';
import { EDMS_JWKS_PATH, EDMS_UPDATES_PATH } from '@portal/edms';
import {
  type CertificationAuthorityStandin,
  type EdmsStandin,
  startEdmsStandin,
  type NationalIdStandin,
  type PaymentSystemStandin,
  type SmppStandin,
  type SmtpStandin,
  startCertificationAuthorityStandin,
  startTelegramStandin,
  type TelegramStandin,
  startNationalIdStandin,
  startPaymentSystemStandin,
  startSmppStandin,
  startSmtpStandin,
  registerPersonFromNationalId,
  startTundukStandin,
  type TundukStandin,
} from '@portal/standins';
import { DEMO_MARRIAGES, DEMO_REGISTER_PEOPLE } from './demo-accounts';
import { readFileSync } from 'node:fs';
import { configureEdmsDemoProvider, EDMS_DEMO_PROVIDER_CODE, edmsDemoSigner } from './edms-demo';
import path from 'node:path';

export const SUPERGRAPH_FILE = path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export interface PlatformOptions {
  databaseUrl: string;
  /** Extra environment for the subgraphs' config (defaults: process.env). */
  env?: Record<string, string | undefined>;
  /** 0 everywhere picks free ports (tests); otherwise the documented defaults. */
  ports?: {
    gateway?: number;
    nationalId?: number;
    certificationAuthority?: number;
    paymentSystem?: number;
    smtp?: number;
    smtpMessages?: number;
    smpp?: number;
    smppMessages?: number;
    telegram?: number;
    tunduk?: number;
    edms?: number;
    subgraphs?: Partial<Record<SubgraphName, number>>;
  };
  host?: string;
  seed?: boolean;
  /** Files that keep the stand-ins' keys between runs (npm start); tests leave them unset. */
  standinKeyFiles?: { nationalId?: string; certificationAuthority?: string; tunduk?: string; edms?: string };
  onQuery?: (subgraph: SubgraphName, sql: string) => void;
  poolSize?: number;
}

export interface Platform {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  nationalId: NationalIdStandin;
  paymentSystem: PaymentSystemStandin;
  /** Publishes its CRL (`GET /crl`) and issues test certificates (`POST /test/certificates`). */
  certificationAuthority: CertificationAuthorityStandin;
  /** Receives the notice emails unless SMTP_URL points elsewhere; lists them at `GET /messages`. */
  smtp: SmtpStandin;
  /** Receives the notice SMS unless SMPP_URL points elsewhere; lists them at `GET /messages`. */
  smpp: SmppStandin;
  /** The Telegram Bot API stand-in the notices go to unless TELEGRAM_BOT_TOKEN names a real bot; `GET /test/messages`, `POST /test/start`. */
  telegram: TelegramStandin;
  /**
   * The Tunduk security server and base registries (population, legal entities, real estate,
   * vehicles, tax, criminal records): `addPerson`/`addLegalEntity` put entries in the registers,
   * `setMode` makes it slow or unavailable. Every person the national-ID stand-in signs a token for is
   * put in its population register.
   */
  tunduk: TundukStandin;
  /** The State Tax Service's document management system: receives its deliveries (`GET /test/deliveries`), sends signed updates (`POST /test/updates`). */
  edms: EdmsStandin;
  /** Waits until every relay and consumer has processed what is committed now (tests). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Everything but the gateway: what `npm start` runs in its first process (the gateway in a second). */
export interface PlatformServices extends Omit<Platform, 'gatewayUrl' | 'gateway'> {
  /** The environment the subgraphs were configured from (the gateway takes its settings from it too). */
  env: Record<string, string | undefined>;
  internalSecret: string;
  /** Tells the subgraphs the gateway's public URL, which their file links name (known once it listens). */
  useGatewayUrl(url: string): void;
  /** The event bus the subgraphs publish to, which the gateway follows too. */
  eventBus: Omit<EventBusOptions, 'databaseUrl'>;
}

/**
 * Starts the whole platform in this process: the stand-ins of outside systems, the five subgraphs
 * (migrated, optionally seeded) and the gateway serving the committed supergraph.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const services = await startServices(options);
  try {
    const { env, internalSecret, subgraphs } = services;
    const gatewayEnv = loadGatewayEnv({ ...env, INTERNAL_SECRET: internalSecret });
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, `${s.url}/graphql`])),
      internalSecret,
      verifier: jwksAccessTokenVerifier(`${subgraphs.identity.url}/.well-known/jwks.json`, { maxLifetimeSeconds: gatewayEnv.GATEWAY_MAX_ACCESS_TOKEN_TTL_SECONDS }),
      port: options.ports?.gateway ?? (options.ports ? 0 : 4000),
      host: options.host ?? '127.0.0.1',
      eventLogDatabaseUrl: options.databaseUrl,
      eventBus: services.eventBus,
      metricsToken: env.METRICS_TOKEN,
      corsOrigins: parseOrigins(gatewayEnv.CORS_ALLOWED_ORIGINS),
      hstsMaxAgeSeconds: gatewayEnv.HSTS_MAX_AGE_SECONDS,
      webAppRoot: gatewayEnv.WEB_APP_ROOT || undefined,
      hideSchemaDetails: gatewayEnv.NODE_ENV === 'production',
      feeds: feedOptionsFromEnv(env),
    });
    if (options.ports) services.useGatewayUrl(gateway.url);
    return {
      ...services,
      gatewayUrl: gateway.url,
      gateway,
      async settle() {
        await services.settle();
        await gateway.events?.catchUp();
      },
      async close() {
        await gateway.close();
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}

/** The stand-ins of outside systems, and the environment the subgraphs are configured from with them. */
export interface Standins extends Pick<PlatformServices, 'env' | 'internalSecret' | 'eventBus' | 'nationalId' | 'paymentSystem' | 'certificationAuthority' | 'smtp' | 'smpp' | 'telegram' | 'tunduk' | 'edms'> {
  close(): Promise<void>;
}

/**
 * Starts the stand-ins of the outside systems and works out the subgraphs' environment: their URLs,
 * unless the environment names real systems (in production it must).
 */
export async function startStandins(options: PlatformOptions): Promise<Standins> {
  const host = options.host ?? '127.0.0.1';
  const smtp = await startSmtpStandin({ smtpPort: options.ports?.smtp ?? (options.ports ? 0 : 4106), httpPort: options.ports?.smtpMessages ?? (options.ports ? 0 : 4107), host });
  const smpp = await startSmppStandin({ smppPort: options.ports?.smpp ?? (options.ports ? 0 : 4108), httpPort: options.ports?.smppMessages ?? (options.ports ? 0 : 4109), host });
  const telegram = await startTelegramStandin({ port: options.ports?.telegram ?? (options.ports ? 0 : 4110), host });
  const tunduk = await startTundukStandin({
    port: options.ports?.tunduk ?? (options.ports ? 0 : 4103),
    host,
    keyFile: options.standinKeyFiles?.tunduk,
    people: DEMO_REGISTER_PEOPLE,
    marriages: DEMO_MARRIAGES,
  });
  const nationalId = await startNationalIdStandin({
    port: options.ports?.nationalId ?? (options.ports ? 0 : 4101),
    host,
    keyFile: options.standinKeyFiles?.nationalId,
    // the national identification system and the population register know the same people
    onPersonSigned: (person) => {
      const registered = registerPersonFromNationalId(person);
      if (registered) tunduk.ensurePerson(registered);
    },
  });
  const certificationAuthority = await startCertificationAuthorityStandin({
    port: options.ports?.certificationAuthority ?? (options.ports ? 0 : 4102),
    host,
    file: options.standinKeyFiles?.certificationAuthority,
  });
  const edms = await startEdmsStandin({
    port: options.ports?.edms ?? (options.ports ? 0 : 4111),
    host,
    keyFile: options.standinKeyFiles?.edms,
    providerCode: EDMS_DEMO_PROVIDER_CODE,
    certificationAuthorityUrl: certificationAuthority.url,
    defaultSigner: edmsDemoSigner(),
  });
  const given = options.env ?? process.env;
  const env: Record<string, string | undefined> = {
    // outside production the stand-in receives the notice emails unless SMTP_URL names a server
    ...(given.NODE_ENV === 'production' ? {} : { SMTP_URL: smtp.smtpUrl, SMPP_URL: smpp.smppUrl }),
    // and the Telegram stand-in plays the bot, polled for updates, unless a real bot is configured
    ...(given.NODE_ENV === 'production' || given.TELEGRAM_BOT_TOKEN
      ? {}
      : { TELEGRAM_API_URL: telegram.url, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_BOT_USERNAME: telegram.username, TELEGRAM_UPDATES: 'polling' }),
    // the Tunduk stand-in answers the registries unless a security server is configured
    ...(given.NODE_ENV === 'production' || given.TUNDUK_SECURITY_SERVER_URL
      ? {}
      : { TUNDUK_SECURITY_SERVER_URL: tunduk.url, TUNDUK_SERVER_JWKS_URL: tunduk.jwksUrl, TUNDUK_SERVER_PUBLIC_KEY_PEM: '' }),
    ...given,
    DATABASE_URL: options.databaseUrl,
    NATIONAL_ID_ISSUER: nationalId.issuer,
    NATIONAL_ID_JWKS_URL: nationalId.jwksUrl,
    NATIONAL_ID_CLIENT_ID: nationalId.clientId,
    NATIONAL_ID_CLIENT_SECRET: nationalId.clientSecret,
    NATIONAL_ID_AUTHORIZATION_URL: nationalId.authorizationUrl,
    NATIONAL_ID_TOKEN_URL: nationalId.tokenUrl,
    TRUSTED_ROOT_CA_PEM: certificationAuthority.rootPem,
    CA_CRL_URL: certificationAuthority.crlUrl,
  };
  const internalSecret = env.INTERNAL_SECRET ?? DEV_SECRETS.INTERNAL_SECRET;
  // every process of the platform on the same bus (README: Scaling out)
  const { url: eventBusUrl, stream: eventBusStream, ackWaitSeconds } = eventBusOptionsFromEnv(env, options.databaseUrl);
  const eventBus = { url: eventBusUrl, stream: eventBusStream, ackWaitSeconds };
  const paymentsConfig = loadPaymentsConfig(env);
  const paymentSystem = await startPaymentSystemStandin({
    port: options.ports?.paymentSystem ?? (options.ports ? 0 : 4104),
    host,
    callbackSecret: paymentsConfig.SEPS_CALLBACK_SECRET,
    apiSecret: paymentsConfig.SEPS_API_SECRET,
  });
  // payments reaches the payment system's stand-in unless SEPS_URL names the real one
  if (given.NODE_ENV !== 'production' && !given.SEPS_URL) env.SEPS_URL = paymentSystem.url;
  return {
    env,
    internalSecret,
    eventBus,
    nationalId,
    paymentSystem,
    certificationAuthority,
    smtp,
    smpp,
    telegram,
    tunduk,
    edms,
    async close() {
      await nationalId.close();
      await certificationAuthority.close();
      await paymentSystem.close();
      await smtp.close();
      await smpp.close();
      await telegram.close();
      await tunduk.close();
      await edms.close();
    },
  };
}

/**
 * What the stand-ins learn once a subgraph listens, in either layout (in this process or in its
 * own): the EDMS stand-in where to send its updates and, outside production, the demo tax service
 * served through the EDMS stand-in, configured in the catalogue as the operator would.
 */
export async function subgraphListening(standins: Standins, name: SubgraphName, url: string, seeded: boolean): Promise<void> {
  const { env, edms, internalSecret } = standins;
  if (name === 'applications') edms.usePortal({ updatesUrl: `${url}${EDMS_UPDATES_PATH}`, jwksUrl: `${url}${EDMS_JWKS_PATH}` });
  if (name === 'catalog' && env.NODE_ENV !== 'production' && env.EDMS_DEMO_PROVIDER !== 'none' && seeded) {
    await configureEdmsDemoProvider(url, internalSecret, edms);
  }
}

/** Starts the stand-ins and the five subgraphs (migrated, optionally seeded) in this process, without the gateway. */
export async function startServices(options: PlatformOptions): Promise<PlatformServices> {
  const standins = await startStandins(options);
  const { env, internalSecret, eventBus, paymentSystem } = standins;
  const host = options.host ?? '127.0.0.1';
  const paymentsConfig = loadPaymentsConfig(env);
  const payments = createPaymentsSubgraph({ ...paymentsConfig, SEPS_URL: paymentSystem.url });
  const applications = createApplicationsSubgraph(loadApplicationsConfig(env));

  const definitions: Record<SubgraphName, () => SubgraphDefinition<never>> = {
    identity: () => createIdentitySubgraph(loadIdentityConfig(env)) as SubgraphDefinition<never>,
    catalog: () => createCatalogSubgraph(loadCatalogConfig(env)) as SubgraphDefinition<never>,
    applications: () => applications as unknown as SubgraphDefinition<never>,
    payments: () => payments as unknown as SubgraphDefinition<never>,
    notifications: () => createNotificationsSubgraph(loadNotificationsConfig(env)) as SubgraphDefinition<never>,
  };

  const started: RunningSubgraph[] = [];
  try {
    for (const { name, defaultPort } of SUBGRAPHS) {
      const port = options.ports?.subgraphs?.[name] ?? (options.ports ? 0 : defaultPort);
      const running = await runSubgraph(definitions[name](), {
          databaseUrl: options.databaseUrl,
          internalSecret,
          port,
          host,
          seed: options.seed ?? true,
          onQuery: options.onQuery ? (sql) => options.onQuery!(name, sql) : undefined,
          poolSize: options.poolSize,
          eventBus,
        });
      started.push(running);
      // links and callbacks name the address the subgraph actually listens on (port 0 in tests)
      if (name === 'payments' && options.ports) payments.usePublicUrl(running.url);
      await subgraphListening(standins, name, running.url, options.seed ?? true);
    }
    const subgraphs = Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, RunningSubgraph>;
    return {
      ...standins,
      subgraphs,
      useGatewayUrl(url: string) {
        // file links are made at the gateway's origin, known only once it listens (port 0 in tests)
        applications.useGatewayUrl(url);
        payments.useGatewayUrl(url);
      },
      async settle() {
        // several rounds: events produced while consuming (e.g. a notification for a status change) settle too
        for (let round = 0; round < 3; round += 1) {
          for (const subgraph of started) await subgraph.drain();
        }
      },
      async close() {
        for (const subgraph of started.reverse()) await subgraph.close();
        await standins.close();
      },
    };
  } catch (error) {
    for (const subgraph of started.reverse()) await subgraph.close().catch(() => undefined);
    await standins.close();
    throw error;
  }
}
