import { loadConfig, port, subgraphEnvSpec } from '@portal/kit';

export const applicationsEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4003, desc: 'HTTP port of the applications subgraph' }),
};

export type ApplicationsConfig = ReturnType<typeof loadApplicationsConfig>;

/** The applications subgraph's validated settings (development defaults refused in production). */
export function loadApplicationsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(applicationsEnvSpec, env);
}
