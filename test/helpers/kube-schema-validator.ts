/**
 * Validates Kubernetes manifests against the upstream schemas vendored in
 * test/fixtures/kube-schemas/ (README.md there names each source and version), with ajv. A CRD's
 * openAPIV3Schema is a structural schema (Kubernetes "Specifying a structural schema"): an object
 * with `properties` keeps only those fields (unknown fields are rejected: the API server's strict
 * field validation, kubectl's default), unless it says `x-kubernetes-preserve-unknown-fields`;
 * `x-kubernetes-int-or-string` takes an integer or a string; `nullable` admits null. The
 * Kubernetes core kinds come from the client's models (field names and types, unknown fields
 * rejected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'kube-schemas');

type Schema = Record<string, unknown>;

/** A CRD structural schema as JSON Schema for ajv. */
export function structuralToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structuralToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const input = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable' || key === 'format') continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, structuralToJsonSchema(v)]));
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = typeof value === 'boolean' ? value : structuralToJsonSchema(value);
    } else if (key === 'pattern' && typeof value === 'string') {
      // Kubernetes patterns are RE2: its one-letter Unicode classes (`\PC`) are `\P{C}` in JavaScript.
      out[key] = value.replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
    } else {
      out[key] = value;
    }
  }
  if (input['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [...((out.anyOf as unknown[]) ?? []), { type: 'integer' }, { type: 'string' }];
  }
  const preserve = input['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  if (input.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T;
}

/** Which Gateway API bundle's HTTPRoute schema applies (the one the mesh's plan installs). */
export type GatewayApiBundle = 'v1.5.1' | 'v1.2.1' | 'v1.6.1' | 'v1.5.1-experimental';

/** `apiVersion Kind` → validator; compiled on first use. */
export interface KubeSchemaValidators {
  get(key: string): ValidateFunction | undefined;
}

/**
 * One ajv for the process: the core definitions are added once under their own $id, so every
 * validator refers to the same compiled ObjectMeta, PodSpec, … instead of compiling its own copy;
 * each CRD schema and core kind is compiled once, when a manifest of that kind is first checked
 * (compiling every schema of every bundle up front took ~2 s of CPU per bundle).
 */
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const CORE_ID = 'kubernetes-core.json';
let coreKinds: Record<string, string> | null = null;
const compiled = new Map<string, ValidateFunction>();
const crdSchemas = new Map<string, Record<string, unknown>>();

function kubernetesCoreKinds(): Record<string, string> {
  if (!coreKinds) {
    const core = readJson<{ kinds: Record<string, string>; definitions: Record<string, unknown> }>(CORE_ID);
    ajv.addSchema({ $id: CORE_ID, definitions: core.definitions });
    coreKinds = core.kinds;
  }
  return coreKinds;
}

function schemasOf(file: string): Record<string, unknown> {
  let schemas = crdSchemas.get(file);
  if (!schemas) {
    schemas = readJson<{ schemas: Record<string, unknown> }>(file).schemas;
    crdSchemas.set(file, schemas);
  }
  return schemas;
}

function once(id: string, build: () => object): ValidateFunction {
  let validate = compiled.get(id);
  if (!validate) {
    validate = ajv.compile(build());
    compiled.set(id, validate);
  }
  return validate;
}

/** `apiVersion Kind` → validator, for one Gateway API bundle. */
export function kubeSchemaValidators(gatewayApi: GatewayApiBundle): KubeSchemaValidators {
  const kinds = kubernetesCoreKinds();
  const crdFiles = ['istio-1.30.3.json', gatewayApi.endsWith('-experimental') ? `gateway-api-${gatewayApi}.json` : `gateway-api-${gatewayApi}-standard.json`, 'linkerd-edge-26.8.3.json', 'cilium-ciliumnetworkpolicy-v2.json'];
  return {
    get(key: string): ValidateFunction | undefined {
      for (const file of crdFiles) {
        const schema = schemasOf(file)[key];
        if (schema === undefined) continue;
        return once(`${file} ${key}`, () => {
          const root = structuralToJsonSchema(schema) as Schema;
          // The API server validates a custom resource's apiVersion, kind and metadata itself
          // (ObjectMeta), whatever the CRD's schema lists at its root.
          const properties = { ...(root.properties as Schema), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: `${CORE_ID}#/definitions/V1ObjectMeta` } };
          return { ...root, properties };
        });
      }
      const model = kinds[key];
      return model === undefined ? undefined : once(`${CORE_ID} ${key}`, () => ({ $ref: `${CORE_ID}#/definitions/${model}` }));
    },
  };
}

/** The problems of one manifest ([] when it validates); a kind without a schema is a problem too. */
export function manifestProblems(validators: KubeSchemaValidators, manifest: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
  const key = `${manifest.apiVersion} ${manifest.kind}`;
  const name = `${key} ${manifest.metadata?.name ?? '?'}`;
  const validate = validators.get(key);
  if (!validate) return [`${name}: no upstream schema vendored for ${key}`];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
