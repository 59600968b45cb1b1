import { DEV_CERTIFICATION_AUTHORITY_URL, loadConfig, port, qualifiedSignatureEnvSpec, str, subgraphEnvSpec } from '@portal/kit';

export const DEFAULT_DOCUMENTS_BASE_URL = 'http://127.0.0.1:4003/documents';

export const applicationsEnvSpec = {
  ...subgraphEnvSpec,
  ...qualifiedSignatureEnvSpec,
  PORT: port({ default: 4003, desc: 'HTTP port of the applications subgraph' }),
  DOCUMENTS_BASE_URL: str({
    default: DEFAULT_DOCUMENTS_BASE_URL,
    desc: 'public base URL of GET /documents/:number (ResultDocument.downloadUrl = base + "/" + number)',
  }),
  WORKING_CALENDAR_JSON: str({
    default: '',
    desc: 'optional movable holidays and transferred days by year, e.g. {"movableHolidays":{"2028":["2028-02-27"]},"transferredDaysOff":{"2028":["2028-02-28"]}}; a year listed replaces the built-in one',
  }),
};

export type ApplicationsConfig = ReturnType<typeof loadApplicationsConfig>;

/** The applications subgraph's validated settings (development defaults refused in production). */
export function loadApplicationsConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(applicationsEnvSpec, env);
  if (config.NODE_ENV === 'production' && config.CA_CRL_URL.startsWith(DEV_CERTIFICATION_AUTHORITY_URL)) {
    throw new Error("Invalid configuration:\n  CA_CRL_URL: points at the local stand-in; set the certification authority's CRL URL");
  }
  return config;
}
