import { bool, cleanEnv, num, port, str, url, type CleanedEnv, type ValidatorSpec } from 'envalid';

/** Development defaults for secrets: fine on a laptop, refused when NODE_ENV=production. */
export const DEV_SECRETS = {
  INTERNAL_SECRET: 'dev-only-internal-secret-change-me-in-production',
  /** 32 bytes, base64 (one-time-codes.ts): refused in production like every development secret. */
  ONE_TIME_CODE_KEY: 'ZGV2LW9ubHktb25lLXRpbWUtY29kZS1rZXktMzItYnl0ZXMh',
} as const;

export const nodeEnv = () => str({ choices: ['development', 'test', 'production'], default: 'development' });

/** Settings every subgraph reads. */
export const subgraphEnvSpec = {
  NODE_ENV: nodeEnv(),
  DATABASE_URL: str({ desc: 'PostgreSQL connection URL' }),
  INTERNAL_SECRET: str({ devDefault: DEV_SECRETS.INTERNAL_SECRET, desc: 'secret shared by the gateway and subgraphs to sign caller tokens' }),
  HOST: str({ default: '127.0.0.1' }),
};

export { bool, num, port, str, url };

/**
 * Validates the environment against a spec; in production refuses values that equal a
 * development default secret, naming the variable to set.
 */
export function loadConfig<S extends Record<string, ValidatorSpec<unknown>>>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
  devSecrets: Record<string, string> = DEV_SECRETS,
): CleanedEnv<S> {
  // envalid applies dev defaults only when NODE_ENV says development or test: default it here
  env = { ...env, NODE_ENV: env.NODE_ENV ?? 'development' };
  const config = cleanEnv(env, spec, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([key, error]) => `${key}: ${(error as Error).message}`);
      if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    },
  });
  if (env.NODE_ENV === 'production') assertNoDevSecrets(config as Record<string, unknown>, devSecrets);
  return config;
}

export function assertNoDevSecrets(config: Record<string, unknown>, devSecrets: Record<string, string>): void {
  // only the secrets this service reads: envalid's cleaned config throws on reading a variable outside its spec
  const read = new Set(Object.keys(config));
  const offending = Object.entries(devSecrets)
    .filter(([key, devValue]) => read.has(key) && config[key] === devValue)
    .map(([key]) => key);
  if (offending.length > 0) {
    throw new Error(`Refusing to start in production with development secrets; set ${offending.join(', ')}.`);
  }
}
