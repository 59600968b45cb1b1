import { DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS } from '@portal/gateway';
import { AccessTokenIssuer, generateSigningKey } from '@portal/identity';
import type { LanguageCode, RoleCode } from '@portal/kit';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/**
 * Thousands of accounts for the push benchmark and its tests, made in a few SQL statements instead
 * of thousands of registrations and password logins: the rows go straight into identity's tables
 * (user_account, identity checked against the population register as verified registration
 * leaves it, and a session), and their access tokens are issued with
 * the identity subgraph's own signing key, which the platform was started with (`env`).
 */
export interface AccountFactory {
  /** Start the platform with this environment, so identity signs with the key the factory holds. */
  env: { IDENTITY_SIGNING_KEY: string };
  /** Inserts `count` accounts with one session each and returns them with a fresh access token. */
  create(databaseUrl: string, options: SeedOptions): Promise<SeededAccount[]>;
}

export interface SeedOptions {
  count: number;
  roles: RoleCode[];
  /** Required for PROVIDER_OFFICER. */
  providerId?: string | null;
  language?: LanguageCode;
}

export interface SeededAccount {
  userId: string;
  sessionId: string;
  accessToken: string;
}

/** The longest the gateway accepts: issue them just before use. */
const TOKEN_TTL_SECONDS = DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS;

export function accountFactory(): AccountFactory {
  const signingKey = generateSigningKey();
  const issuer = new AccessTokenIssuer(signingKey, TOKEN_TTL_SECONDS);
  return {
    env: { IDENTITY_SIGNING_KEY: JSON.stringify(signingKey) },
    async create(databaseUrl, options) {
      const language = options.language ?? 'KY';
      // PINs are unique: a random 6-digit prefix per batch, then the row number
      const prefix = String(randomInt(100_000, 999_999));
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const created = await client.query<{ user_id: string; session_id: string }>(
          `with accounts as (
             insert into identity.user_account (id, kind, pin, full_name, preferred_language, roles, provider_id, identity_verified_at, identity_verified_by)
             select gen_random_uuid(), 'INDIVIDUAL', $1 || lpad(g::text, 8, '0'), 'Bench Account ' || $1 || '-' || g, $2, $3::text[], $4::uuid, now(), 'POPULATION_REGISTER'
             from generate_series(1, $5::int) g
             returning id
           )
           insert into identity.session (id, user_id, method, ip, created_at, last_refreshed_at)
           select gen_random_uuid(), id, 'PASSWORD', '127.0.0.1', now(), now() from accounts
           returning user_id, id as session_id`,
          [prefix, language, options.roles, options.providerId ?? null, options.count],
        );
        return await Promise.all(
          created.rows.map(async (row) => ({
            userId: row.user_id,
            sessionId: row.session_id,
            accessToken: (await issuer.issue({ sub: row.user_id, roles: options.roles, pid: options.providerId ?? null, lang: language, sid: row.session_id })).token,
          })),
        );
      } finally {
        await client.end();
      }
    },
  };
}
