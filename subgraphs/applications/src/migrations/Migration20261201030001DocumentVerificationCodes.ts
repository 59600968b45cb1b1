import { Migration } from '@mikro-orm/migrations';

/**
 * Gives every row of `table` without one a verification code drawn from gen_random_uuid()
 * (PostgreSQL's strong random source): 20 symbols of the code alphabet, 5 random bits each, in
 * groups of four, the shape verification-code.rules.ts makes. Byte 6 of a v4 UUID carries its
 * version bits, so the 20 bytes are bytes 0-5 and 7-20 of two UUIDs drawn per row.
 */
export function BACKFILL_VERIFICATION_CODES_SQL(table: string): string {
  return `
    update ${table} d
       set verification_code = (
         select string_agg(
                  substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', (get_byte(r.bytes, case when i < 6 then i else i + 1 end) & 31) + 1, 1)
                    || case when i % 4 = 3 and i < 19 then '-' else '' end,
                  '' order by i)
           from (select decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex') as bytes
                  where d.number is not null) r
          cross join generate_series(0, 19) as i
       )
     where d.verification_code is null`;
}

/**
 * Result documents get a random verification code: the sequential number alone no
 * longer tells anything beyond valid/invalid. Documents issued before get one too.
 */
export class Migration20261201030001DocumentVerificationCodes extends Migration {
  override up(): void {
    this.addSql('alter table applications.result_document add column verification_code text');
    this.addSql(BACKFILL_VERIFICATION_CODES_SQL('applications.result_document'));
    this.addSql('alter table applications.result_document alter column verification_code set not null');
  }
}
