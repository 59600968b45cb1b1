import { tundukConfigFrom, tundukEnvSpec } from '@portal/tunduk';
import { DEV_CERTIFICATION_AUTHORITY_URL, DEV_SECRETS, loadConfig, num, port, qualifiedSignatureEnvSpec, str, subgraphEnvSpec } from '@portal/kit';

export const DEFAULT_DOCUMENTS_BASE_URL = 'http://127.0.0.1:4003/documents';

/** Development defaults of this subgraph's own secrets: refused when NODE_ENV=production. */
export const APPLICATIONS_DEV_SECRETS = {
  ...DEV_SECRETS,
  DOCUMENT_LINK_SECRET: 'dev-only-document-link-secret-change-me-in-production',
} as const;

export const applicationsEnvSpec = {
  ...subgraphEnvSpec,
  ...qualifiedSignatureEnvSpec,
  ...tundukEnvSpec,
  PORT: port({ default: 4003, desc: 'HTTP port of the applications subgraph' }),
  DOCUMENTS_BASE_URL: str({
    default: DEFAULT_DOCUMENTS_BASE_URL,
    desc: 'public base URL of GET /documents/:number (ResultDocument.downloadUrl = base + "/" + number + a signed, expiring query)',
  }),
  DOCUMENT_LINK_SECRET: str({
    devDefault: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET,
    desc: 'HMAC secret signing the short-lived result-document download links; replicas share it',
  }),
  WORKING_CALENDAR_JSON: str({
    default: '',
    desc: 'optional movable holidays and transferred days by year, e.g. {"movableHolidays":{"2028":["2028-02-27"]},"transferredDaysOff":{"2028":["2028-02-28"]}}; a year listed replaces the built-in one',
  }),
  REGISTRY_FETCH_POLL_MS: num({ default: 5_000, desc: 'how often the registry fetch job looks for documents due (once-only documents of submitted applications)' }),
  REGISTRY_FETCH_RETRY_INITIAL_MS: num({ default: 2_000, desc: 'first wait before fetching a registry document again after the registry did not answer; doubles each time, with jitter' }),
  REGISTRY_FETCH_RETRY_MAX_MS: num({ default: 600_000, desc: 'longest wait between two fetches of a registry document (a registry that does not answer is retried until it does)' }),
  REGISTRY_FETCH_MAX_FORGED_ATTEMPTS: num({ default: 3, desc: 'attempts whose answer fails signature verification before the document is FAILED (the officer may then waive it)' }),
  REGISTRY_FETCH_LEASE_MS: num({ default: 60_000, desc: 'how long one fetch attempt holds its document; after that another replica may retry it' }),
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
  for (const [name, min] of [['REGISTRY_FETCH_POLL_MS', 10], ['REGISTRY_FETCH_RETRY_INITIAL_MS', 1], ['REGISTRY_FETCH_RETRY_MAX_MS', 1], ['REGISTRY_FETCH_MAX_FORGED_ATTEMPTS', 1], ['REGISTRY_FETCH_LEASE_MS', 1000], ['PREFILL_REGISTER_CACHE_SECONDS', 0]] as const) {
    if (!Number.isInteger(config[name]) || config[name] < min) problems.push(`${name}: must be a whole number, at least ${min}; got ${config[name]}`);
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return { ...config, tunduk: tunduk.config };
}
