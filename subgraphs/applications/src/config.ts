import { tundukConfigFrom, tundukEnvSpec } from '@portal/tunduk';
import { parseAllowedTypes } from './attachment/attachment.rules';
import { parsePortalSigningJwk } from '@portal/edms';
import { bool, DEV_CERTIFICATION_AUTHORITY_URL, DEV_SECRETS, loadConfig, num, port, qualifiedSignatureEnvSpec, str, subgraphEnvSpec } from '@portal/kit';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy, retentionPolicyProblems } from './retention/retention.rules';

/** Where `npm start` serves the gateway: download and upload links are made at its origin. */
export const DEFAULT_PUBLIC_GATEWAY_URL = 'http://127.0.0.1:4000';

/** Development defaults of this subgraph's own secrets: refused when NODE_ENV=production. */
export const APPLICATIONS_DEV_SECRETS = {
  ...DEV_SECRETS,
  DOCUMENT_LINK_SECRET: 'dev-only-document-link-secret-change-me-in-production',
  /** The portal's EDMS delivery signing key in development (EC P-256, private JWK): published in this repository, so never for production. */
  EDMS_SIGNING_KEY_JWK:
    '{"kty":"EC","crv":"P-256","x":"ryh4imoJ09M5YKbkuvVLBelm56ddeL0fazSktED8NQE","y":"eUGcFLUoonVngNyPYywleMfHPY8hSvek7rCMEkKT1Ys","d":"6wqqV0FuJsD_qQNRwyRWKsxPu0ppCMfoobVF1G_fPkA"}',
} as const;

/** Settings of the deliveries to providers' EDMS (see README "Providers served through their EDMS"). */
export const edmsEnvSpec = {
  EDMS_SIGNING_KEY_JWK: str({
    devDefault: APPLICATIONS_DEV_SECRETS.EDMS_SIGNING_KEY_JWK,
    desc: "the portal's private EC P-256 JWK signing deliveries to providers' EDMS (ES256); its public part is served at GET /.well-known/edms-jwks.json",
  }),
  EDMS_SIGNING_KEY_ID: str({ default: 'portal-edms-1', desc: 'kid of the EDMS signing key in the JWS header and the JWKS (change it when the key is rotated)' }),
  EDMS_DELIVERY_TIMEOUT_MS: num({ default: 10_000, desc: 'how long one delivery POST waits for the EDMS to answer' }),
  EDMS_DELIVERY_MAX_ATTEMPTS: num({ default: 20, desc: 'delivery attempts in all before the delivery is FAILED' }),
  EDMS_DELIVERY_MAX_AGE_SECONDS: num({ default: 172_800, desc: 'a delivery not acknowledged this long after submission is FAILED (default 48 h)' }),
  EDMS_RETRY_INITIAL_MS: num({ default: 5_000, desc: 'first retry delay; doubles per attempt with jitter' }),
  EDMS_RETRY_MAX_MS: num({ default: 900_000, desc: 'cap of the retry delay (default 15 min)' }),
  EDMS_LEASE_MS: num({ default: 60_000, desc: 'how long a replica holds a claimed delivery attempt before another may retry it' }),
  EDMS_POLL_MS: num({ default: 1_000, desc: 'how often the delivery job looks for due deliveries' }),
  EDMS_ACK_OVERDUE_SECONDS: num({ default: 3_600, desc: 'a delivery not acknowledged this long after submission is flagged overdue (ProviderDelivery.overdue, metric)' }),
  EDMS_UPDATE_MAX_SKEW_SECONDS: num({ default: 300, desc: "an EDMS update whose issuedAt is further than this from the portal's clock is refused as stale" }),
};

/** Retention of drafts and submitted applications (R-27.6; README "Retention"). */
export const retentionEnvSpec = {
  DRAFT_RETENTION_MONTHS: num({ default: DEFAULT_RETENTION_POLICY.draftMonths, desc: 'a draft untouched this many months after its last change is removed (R-27.6: at least 3)' }),
  DRAFT_EXPIRY_NOTICE_DAYS: num({ default: DEFAULT_RETENTION_POLICY.draftNoticeDays, desc: 'the applicant is told this many days before the draft is removed (1-28)' }),
  SUBMITTED_RETENTION_MONTHS: num({ default: DEFAULT_RETENTION_POLICY.submittedMonths, desc: 'a final application is kept in place this many months after its last change (R-27.6: at least 12)' }),
  ARCHIVE_AFTER_RETENTION: bool({ default: DEFAULT_RETENTION_POLICY.archiveAfterRetention, desc: 'after that, archive it (out of the officer queue, still readable) or keep it as it is' }),
  RETENTION_SCAN_MS: num({ default: 3_600_000, desc: 'how often the retention scan runs (default hourly)' }),
};

/** The retention policy of a configuration (validated by loadApplicationsConfig). */
export function retentionPolicyOf(config: Pick<ApplicationsConfig, keyof typeof retentionEnvSpec>): RetentionPolicy {
  return {
    draftMonths: config.DRAFT_RETENTION_MONTHS,
    draftNoticeDays: config.DRAFT_EXPIRY_NOTICE_DAYS,
    submittedMonths: config.SUBMITTED_RETENTION_MONTHS,
    archiveAfterRetention: config.ARCHIVE_AFTER_RETENTION,
  };
}

export const applicationsEnvSpec = {
  ...subgraphEnvSpec,
  ...qualifiedSignatureEnvSpec,
  ...tundukEnvSpec,
  ...edmsEnvSpec,
  ...retentionEnvSpec,
  PORT: port({ default: 4003, desc: 'HTTP port of the applications subgraph' }),
  PUBLIC_GATEWAY_URL: str({
    default: DEFAULT_PUBLIC_GATEWAY_URL,
    desc: "the gateway's public origin as browsers reach it; file links (ResultDocument.downloadUrl, Application.printUrl) are <it>/files/applications/…, signed and expiring",
  }),
  DOCUMENT_LINK_SECRET: str({
    devDefault: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET,
    desc: 'HMAC secret signing the short-lived result-document download links; replicas share it',
  }),
  ATTACHMENT_MAX_BYTES: num({ default: 10 * 1024 * 1024, desc: 'largest file accepted for a FILE form field, in bytes (default 10 MiB)' }),
  ATTACHMENT_ALLOWED_TYPES: str({ default: 'application/pdf,image/jpeg,image/png', desc: 'comma-separated MIME types accepted for FILE form fields' }),
  ATTACHMENT_STORE: str({ choices: ['postgres', 's3'], default: 'postgres', desc: 'where attachment bytes are kept: PostgreSQL, or an S3-compatible object store (ATTACHMENT_S3_*)' }),
  ATTACHMENT_S3_BUCKET: str({ default: '', desc: 'ATTACHMENT_STORE=s3: the bucket' }),
  ATTACHMENT_S3_PREFIX: str({ default: 'attachments/', desc: 'ATTACHMENT_STORE=s3: key prefix of the objects' }),
  ATTACHMENT_S3_REGION: str({ default: 'us-east-1', desc: 'ATTACHMENT_STORE=s3: the region' }),
  ATTACHMENT_S3_ENDPOINT: str({ default: '', desc: 'ATTACHMENT_STORE=s3: an S3-compatible endpoint (MinIO, Ceph, …), path-style; empty: AWS S3. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the SDK chain' }),
  WORKING_CALENDAR_JSON: str({
    default: '',
    desc: 'optional movable holidays and transferred days by year, e.g. {"movableHolidays":{"2028":["2028-02-27"]},"transferredDaysOff":{"2028":["2028-02-28"]}}; a year listed replaces the built-in one',
  }),
  REGISTRY_FETCH_POLL_MS: num({ default: 5_000, desc: 'how often the registry fetch job looks for documents due (once-only documents of submitted applications)' }),
  REGISTRY_FETCH_RETRY_INITIAL_MS: num({ default: 2_000, desc: 'first wait before fetching a registry document again after the registry did not answer; doubles each time, with jitter' }),
  REGISTRY_FETCH_RETRY_MAX_MS: num({ default: 600_000, desc: 'longest wait between two fetches of a registry document (a registry that does not answer is retried until it does)' }),
  REGISTRY_FETCH_MAX_FORGED_ATTEMPTS: num({ default: 3, desc: 'attempts whose answer fails signature verification before the document is FAILED (the officer may then waive it)' }),
  REGISTRY_FETCH_LEASE_MS: num({ default: 60_000, desc: 'how long one fetch attempt holds its document; after that another replica may retry it' }),
  APPEAL_FILING_DAYS: num({ default: 30, desc: 'calendar days after a decision or action within which a complaint about it may be filed (administrative-procedure law)' }),
  APPEAL_ANSWER_WORKING_DAYS: num({ default: 15, desc: "working days from a complaint's registration within which its appeal body must answer (administrative-procedure law)" }),
  PREFILL_REGISTER_CACHE_SECONDS: num({ default: 300, desc: "how long the population register's answer about a citizen is reused to prefill their drafts" }),
};

export type ApplicationsConfig = ReturnType<typeof loadApplicationsConfig>;

/** The applications subgraph's validated settings (development defaults refused in production). */
export function loadApplicationsConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(applicationsEnvSpec, env, APPLICATIONS_DEV_SECRETS);
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.CA_CRL_URL.startsWith(DEV_CERTIFICATION_AUTHORITY_URL)) {
    problems.push("CA_CRL_URL: points at the local stand-in; set the certification authority's CRL URL");
  }
  const tunduk = tundukConfigFrom(config);
  problems.push(...tunduk.problems);
  problems.push(...retentionPolicyProblems(retentionPolicyOf(config)));
  if (!Number.isInteger(config.RETENTION_SCAN_MS) || config.RETENTION_SCAN_MS < 1000) problems.push(`RETENTION_SCAN_MS: must be a whole number, at least 1000; got ${config.RETENTION_SCAN_MS}`);
  if (parseAllowedTypes(config.ATTACHMENT_ALLOWED_TYPES).length === 0) problems.push(`ATTACHMENT_ALLOWED_TYPES: list at least one MIME type, e.g. application/pdf; got "${config.ATTACHMENT_ALLOWED_TYPES}"`);
  if (config.ATTACHMENT_STORE === 's3' && config.ATTACHMENT_S3_BUCKET.trim() === '') problems.push('ATTACHMENT_S3_BUCKET: name the bucket when ATTACHMENT_STORE=s3');
  for (const [name, min] of [['ATTACHMENT_MAX_BYTES', 1], ['REGISTRY_FETCH_POLL_MS', 10], ['REGISTRY_FETCH_RETRY_INITIAL_MS', 1], ['REGISTRY_FETCH_RETRY_MAX_MS', 1], ['REGISTRY_FETCH_MAX_FORGED_ATTEMPTS', 1], ['REGISTRY_FETCH_LEASE_MS', 1000], ['PREFILL_REGISTER_CACHE_SECONDS', 0], ['APPEAL_FILING_DAYS', 1], ['APPEAL_ANSWER_WORKING_DAYS', 1]] as const) {
    if (!Number.isInteger(config[name]) || config[name] < min) problems.push(`${name}: must be a whole number, at least ${min}; got ${config[name]}`);
  }
  try {
    parsePortalSigningJwk(config.EDMS_SIGNING_KEY_JWK);
  } catch (error) {
    problems.push(`EDMS_SIGNING_KEY_JWK: ${(error as Error).message}`);
  }
  const positive = ['EDMS_DELIVERY_TIMEOUT_MS', 'EDMS_DELIVERY_MAX_ATTEMPTS', 'EDMS_DELIVERY_MAX_AGE_SECONDS', 'EDMS_RETRY_INITIAL_MS', 'EDMS_RETRY_MAX_MS', 'EDMS_LEASE_MS', 'EDMS_POLL_MS', 'EDMS_ACK_OVERDUE_SECONDS', 'EDMS_UPDATE_MAX_SKEW_SECONDS'] as const;
  for (const key of positive) if (!(Number.isFinite(config[key]) && config[key] > 0)) problems.push(`${key}: must be a positive number`);
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return { ...config, tunduk: tunduk.config };
}
