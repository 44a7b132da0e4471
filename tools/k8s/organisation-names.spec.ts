import { ORGANISATION_NAMES } from '@selvbook/notification';
import { readOrganisations } from './kafka-resources';

describe("the names the citizens' messages are signed with", () => {
  it('are the organisations and names of k8s/organisations.yaml', () => {
    const declared = readOrganisations();
    expect(ORGANISATION_NAMES.jobcenters).toEqual(Object.fromEntries(declared.jobcenters.map((j) => [j.code, j.name])));
    expect(ORGANISATION_NAMES.akasser).toEqual(Object.fromEntries(declared.akasser.map((a) => [a.id, a.name])));
  });
});
