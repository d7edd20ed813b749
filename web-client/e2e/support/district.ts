/** API look-ups for the district spec (sign-in and GraphQL helpers live in ./api). */
import type { APIRequestContext } from '@playwright/test';
import { gql } from './api';

export interface Town {
  code: string;
  name: string;
}

/** The district admin's district and its towns. */
export async function districtOf(request: APIRequestContext, token: string): Promise<{ code: string; name: string; towns: Town[] }> {
  const { me } = await gql<{ me: { areaCode: string } }>(request, token, '{ me { areaCode } }');
  const { area } = await gql<{ area: { code: string; name: string; children: Town[] } }>(
    request,
    token,
    'query($c: String!) { area(code: $c) { code name children { code name } } }',
    { c: me.areaCode },
  );
  return { code: area.code, name: area.name, towns: area.children };
}

/** An elder of `townCode` whose tier today is one of `tiers`. */
export async function elderInTiers(request: APIRequestContext, token: string, townCode: string, tiers: string[]): Promise<string> {
  const { elders } = await gql<{ elders: { edges: { node: { id: string } }[] } }>(
    request,
    token,
    'query($t: String!) { elders(first: 100, filter: { townCode: $t, serviceStatus: IN_SERVICE }) { edges { node { id } } } }',
    { t: townCode },
  );
  for (const { node } of elders.edges) {
    const { elderTier } = await gql<{ elderTier: { tierId: string } | null }>(
      request,
      token,
      'query($e: String!) { elderTier(elderId: $e) { tierId } }',
      { e: node.id },
    );
    if (elderTier && tiers.includes(elderTier.tierId)) return node.id;
  }
  throw new Error(`no elder of ${townCode} in tiers ${tiers.join(',')}`);
}

/** The sources of an elder's requirements in the month containing `day` (surges are named by their label). */
export async function requirementSources(request: APIRequestContext, token: string, elderId: string, day: string): Promise<{ source: string; count: number; from: string; to: string }[]> {
  const { elderPeriodCompliance } = await gql<{ elderPeriodCompliance: { items: { source: string; count: number; from: string; to: string }[] } | null }>(
    request,
    token,
    'query($e: String!, $d: LocalDate!) { elderPeriodCompliance(elderId: $e, kind: MONTH, day: $d) { items { source count from to } } }',
    { e: elderId, d: day },
  );
  return elderPeriodCompliance?.items ?? [];
}
