import { decodeJwt } from 'jose';
import { mintDevToken } from './dev-auth';

describe('mintDevToken (npm run token)', () => {
  it('defect 5: mints a subject per organisation and role, so two organisations never act as one person', async () => {
    const subjects = await Promise.all(
      [
        { role: 'caseworker', jobcenterCode: '10101' },
        { role: 'caseworker', jobcenterCode: '75101' },
        { role: 'akasse', akasseId: '3f' },
        { role: 'akasse', akasseId: 'ca' },
        { role: 'system' },
      ].map(async (principal) => decodeJwt(await mintDevToken(principal as never)).sub),
    );
    expect(subjects).toEqual(['caseworker-10101', 'caseworker-75101', 'akasse-3f', 'akasse-ca', 'system-dev']);
  });

  it('defect 7: a citizen token lives one hour (what the services accept by default), staff tokens eight', async () => {
    const citizen = decodeJwt(
      await mintDevToken({ role: 'citizen', citizenId: '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60' }),
    );
    expect(citizen.exp! - citizen.iat!).toBe(3600);
    const staff = decodeJwt(await mintDevToken({ role: 'caseworker', jobcenterCode: '10101' }));
    expect(staff.exp! - staff.iat!).toBe(8 * 3600);
  });
});
