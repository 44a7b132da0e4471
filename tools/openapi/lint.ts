/**
 * Lints OpenAPI documents with Spectral's recommended OpenAPI ruleset (`spectral:oas`, as `spectral lint`
 * runs it with `extends: spectral:oas`): the same engine and rules as @stoplight/spectral-cli, called in process.
 */
import { Document, Spectral } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';

export interface LintFinding {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  path: string;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

export async function lintOpenApi(document: object, source = 'openapi.json'): Promise<LintFinding[]> {
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
  const results = await spectral.run(new Document(JSON.stringify(document, null, 2), Parsers.Json, source));
  return results.map((r) => ({
    code: String(r.code),
    severity: SEVERITY[r.severity],
    message: r.message,
    path: r.path.join('.'),
  }));
}
