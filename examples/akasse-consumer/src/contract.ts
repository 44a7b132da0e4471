/**
 * The contract as an a-kasse gets it: Selvbook's AsyncAPI document (docs/asyncapi.yaml), read with a YAML
 * parser and checked with Ajv. Nothing here comes from Selvbook's code: any consumer in any language can do
 * the same with the published document.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/** The JSON envelope every Selvbook event is (components.schemas.EventEnvelope). */
export interface Envelope {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  subject: string;
  correlationId: string;
  data: Record<string, unknown>;
}

export type Checked =
  | { kind: 'valid'; envelope: Envelope }
  /** a type or version this document does not describe on the a-kasse channel: skip it (the contract says so) */
  | { kind: 'unknown'; type: string; version: unknown }
  | { kind: 'invalid'; reason: string };

interface AsyncApiDocument {
  info: { version: string };
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { schemas: Record<string, { 'x-enum-descriptions'?: Record<string, string> }> };
}

export class AkasseContract {
  private readonly messages = new Map<string, { payload: ValidateFunction; headers: ValidateFunction }>();

  private constructor(private readonly doc: AsyncApiDocument) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // The whole document is one schema resource, so `#/components/...` references resolve as written.
    ajv.addSchema(doc as object, 'asyncapi');
    for (const [id, { $ref }] of Object.entries(this.channel.messages)) {
      const message = `asyncapi${$ref}`;
      this.messages.set(id, {
        payload: ajv.compile({ $ref: `${message}/payload` }),
        headers: ajv.compile({ $ref: `${message}/headers` }),
      });
    }
  }

  static load(path: string): AkasseContract {
    return new AkasseContract(YAML.parse(readFileSync(path, 'utf8')) as AsyncApiDocument);
  }

  get documentVersion(): string {
    return this.doc.info.version;
  }

  /** The topic of one a-kasse: the channel address with its id filled in. */
  topicFor(akasseId: string): string {
    return this.channel.address.replace('{akasseId}', akasseId);
  }

  /** Message ids this document lists on the a-kasse channel (`akasse.no-show.v1`, …). */
  get messageIds(): string[] {
    return [...this.messages.keys()];
  }

  /** A message's value and headers against the document's schemas for its type and version. */
  check(value: Buffer | null, headers: Record<string, string>): Checked {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(value?.toString('utf8') ?? '') as Envelope;
    } catch {
      return { kind: 'invalid', reason: 'the value is not JSON' };
    }
    if (typeof envelope !== 'object' || envelope === null)
      return { kind: 'invalid', reason: 'the value is not a JSON object' };
    const schema = this.messages.get(`${envelope.type}.v${envelope.version}`);
    if (!schema) return { kind: 'unknown', type: String(envelope.type), version: envelope.version };
    if (!schema.payload(envelope)) return { kind: 'invalid', reason: `payload: ${errorsOf(schema.payload)}` };
    if (!schema.headers(headers)) return { kind: 'invalid', reason: `headers: ${errorsOf(schema.headers)}` };
    return { kind: 'valid', envelope };
  }

  /** What an enum value means, as the document explains it (`x-enum-descriptions`). */
  meaning(enumName: string, value: unknown): string {
    return this.doc.components.schemas[enumName]?.['x-enum-descriptions']?.[String(value)] ?? String(value);
  }

  private get channel() {
    return this.doc.channels.akasse;
  }
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
