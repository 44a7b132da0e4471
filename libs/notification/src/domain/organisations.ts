/**
 * The names of the organisations this deployment serves, to sign the citizens' messages with. The same
 * organisations and names as k8s/organisations.yaml (tools/k8s/organisation-names.spec.ts keeps the two
 * equal): no event carries a name, only a jobcenter code or an a-kasse id, and these are the names the
 * deployment already declares. An organisation not listed signs generically ("Jobcentret", "A-kassen").
 */
export const ORGANISATION_NAMES: { jobcenters: Record<string, string>; akasser: Record<string, string> } = {
  jobcenters: { '10101': 'Jobcenter København', '75101': 'Jobcenter Aarhus' },
  akasser: { '3f': '3F A-kasse', ca: 'CA a-kasse' },
};

export function jobcenterName(code: string | null | undefined): string | undefined {
  return code ? ORGANISATION_NAMES.jobcenters[code] : undefined;
}

export function akasseName(id: string | null | undefined): string | undefined {
  return id ? ORGANISATION_NAMES.akasser[id] : undefined;
}
