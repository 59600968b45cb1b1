import { Migration } from '@mikro-orm/migrations';

/**
 * The national-ID authorization-code flow: started sign-ins (state -> nonce and redirect URI, one
 * completion each, expiring), ID tokens already used (refused when replayed, kept until they expire),
 * and when a national-ID identity took an existing password account over.
 */
export class Migration20261201040002NationalIdLogin extends Migration {
  override up(): void {
    this.addSql(`create table identity.national_id_login_start (
      state_hash text primary key,
      nonce text not null unique,
      redirect_uri text not null,
      ip text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      completed_at timestamptz
    )`);
    this.addSql('create index national_id_login_start_expiry on identity.national_id_login_start (expires_at)');
    this.addSql(`create table identity.national_id_token_use (
      issuer text not null,
      token_id text not null,
      used_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (issuer, token_id)
    )`);
    this.addSql('create index national_id_token_use_expiry on identity.national_id_token_use (expires_at)');
    this.addSql('alter table identity.national_id_link add column took_over_at timestamptz');
  }
}
