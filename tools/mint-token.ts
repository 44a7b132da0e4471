/**
 * Mints a development bearer token:
 *   npm run token -- citizen <citizenId>
 *   npm run token -- caseworker <jobcenterCode> [subject]
 *   npm run token -- akasse <akasseId>
 *   npm run token -- system
 * A citizen token lives 1 h, others 8 h (within what the services accept); each organisation's token has its
 * own subject (caseworker-10101, akasse-3f) unless one is given.
 */
import { mintDevToken } from '@selvbook/testing';
import type { Role } from '@selvbook/platform';

const [role, id, subject] = process.argv.slice(2) as [Role, string | undefined, string | undefined];
const usage =
  'usage: npm run token -- citizen <citizenId> | caseworker <jobcenterCode> [subject] | akasse <akasseId> | system';
const byRole: Record<Role, () => Parameters<typeof mintDevToken>[0]> = {
  citizen: () => ({ role, citizenId: id }),
  caseworker: () => ({ role, jobcenterCode: id, subject }),
  akasse: () => ({ role, akasseId: id }),
  system: () => ({ role, subject: 'system-dev' }),
};
if (!byRole[role] || (role !== 'system' && !id)) {
  console.error(usage);
  process.exit(2);
}
mintDevToken(byRole[role]()).then((token) => console.log(token));
