import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { endpoints, modelVersions } from "../db/schema";
import { KeelError } from "../errors";

export type ResolvedEndpoint = { id: number; modelId: number };

/** Lists up to five record indexes, for error messages about many records. */
function describeIndexes(indexes: number[]): string {
  const listed = indexes.slice(0, 5).join(", ");
  return indexes.length > 5 ? `records ${listed} and ${indexes.length - 5} more` : `record${indexes.length > 1 ? "s" : ""} ${listed}`;
}

/** Maps each endpoint name in the batch to its id; throws 404 naming the first unknown endpoint. */
export async function resolveEndpoints(db: Db | Tx, names: string[]): Promise<Map<string, ResolvedEndpoint>> {
  const unique = [...new Set(names)];
  const rows = await db
    .select({ id: endpoints.id, name: endpoints.name, modelId: endpoints.modelId })
    .from(endpoints)
    .where(inArray(endpoints.name, unique));
  const byName = new Map(rows.map((row) => [row.name, { id: row.id, modelId: row.modelId }]));
  checkEndpointsFound(names, byName);
  return byName;
}

function checkEndpointsFound(names: string[], byName: Map<string, ResolvedEndpoint>): void {
  const missing = names.find((name) => !byName.has(name));
  if (missing !== undefined) {
    const indexes = names.flatMap((name, index) => (name === missing ? [index] : []));
    throw new KeelError(
      "not_found",
      `Endpoint "${missing}" not found (${describeIndexes(indexes)}); create it with POST /api/v1/endpoints first. Nothing was stored.`,
      indexes.slice(0, 100).map((index) => ({ path: `records.${index}.endpoint`, message: `endpoint "${missing}" not found` })),
    );
  }
}

/**
 * Maps each (endpoint, version number) pair in the batch to the version's id. Throws 404 naming the first
 * version that the endpoint's model does not have.
 */
export async function resolveVersions(
  db: Db | Tx,
  records: { endpoint: string; modelVersion: number }[],
  resolvedEndpoints: Map<string, ResolvedEndpoint>,
): Promise<Map<string, number>> {
  const modelIds = [...new Set([...resolvedEndpoints.values()].map((endpoint) => endpoint.modelId))];
  const versionNumbers = [...new Set(records.map((record) => record.modelVersion))];
  const rows = await db
    .select({ id: modelVersions.id, modelId: modelVersions.modelId, version: modelVersions.version })
    .from(modelVersions)
    .where(and(inArray(modelVersions.modelId, modelIds), inArray(modelVersions.version, versionNumbers)));
  const byKey = new Map(rows.map((row) => [`${row.modelId}|${row.version}`, row.id]));
  return versionIdsOf(records, resolvedEndpoints, byKey);
}

/** Ids resolved in one database: endpoints by name, and version ids by "modelId|version". */
type KnownIds = { endpoints: Map<string, ResolvedEndpoint>; versions: Map<string, number> };

// Endpoint and version ids never change once created, because neither is renamed or deleted. So the ids
// that a prediction batch resolved are kept per database for the life of the process, which saves every
// later batch a query. Names that were not found are not kept, so an endpoint or version created later is
// found by the next batch that uses it.
const knownIdsByDb = new WeakMap<Db | Tx, KnownIds>();
// Above this many kept ids the cache starts over, so that memory stays bounded with very many endpoints.
const MAX_KNOWN_IDS = 10_000;

/**
 * Resolves the endpoints and model versions of a prediction batch with one query, or with none when every
 * pair was resolved before. The result and the 404 errors are those of `resolveEndpoints` followed by
 * `resolveVersions`.
 */
export async function resolveEndpointVersions(
  db: Db | Tx,
  records: { endpoint: string; modelVersion: number }[],
): Promise<{ endpoints: Map<string, ResolvedEndpoint>; versions: Map<string, number> }> {
  const known = knownIdsByDb.get(db);
  const fromCache = known ? resolveFromKnown(known, records) : null;
  if (fromCache) return fromCache;

  const names = records.map((record) => record.endpoint);
  const versionNumbers = [...new Set(records.map((record) => record.modelVersion))];
  const rows = await db
    .select({ id: endpoints.id, name: endpoints.name, modelId: endpoints.modelId, versionId: modelVersions.id, version: modelVersions.version })
    .from(endpoints)
    .leftJoin(modelVersions, and(eq(modelVersions.modelId, endpoints.modelId), inArray(modelVersions.version, versionNumbers)))
    .where(inArray(endpoints.name, [...new Set(names)]));

  const byName = new Map(rows.map((row) => [row.name, { id: row.id, modelId: row.modelId }]));
  const byKey = new Map(rows.flatMap((row) => (row.versionId === null ? [] : [[`${row.modelId}|${row.version}`, row.versionId] as const])));
  rememberIds(db, byName, byKey);
  checkEndpointsFound(names, byName);
  return { endpoints: byName, versions: versionIdsOf(records, byName, byKey) };
}

/** Returns the batch's ids from `known`, or null when any endpoint or version is missing from it. */
function resolveFromKnown(
  known: KnownIds,
  records: { endpoint: string; modelVersion: number }[],
): { endpoints: Map<string, ResolvedEndpoint>; versions: Map<string, number> } | null {
  const endpointsByName = new Map<string, ResolvedEndpoint>();
  const versions = new Map<string, number>();
  for (const record of records) {
    const pair = `${record.endpoint}|${record.modelVersion}`;
    if (versions.has(pair)) continue;

    const endpoint = known.endpoints.get(record.endpoint);
    const versionId = endpoint && known.versions.get(`${endpoint.modelId}|${record.modelVersion}`);
    if (endpoint === undefined || versionId === undefined) return null;
    endpointsByName.set(record.endpoint, endpoint);
    versions.set(pair, versionId);
  }
  return { endpoints: endpointsByName, versions };
}

function rememberIds(db: Db | Tx, endpointsByName: Map<string, ResolvedEndpoint>, versionsByKey: Map<string, number>): void {
  let known = knownIdsByDb.get(db);
  if (!known || known.endpoints.size + known.versions.size > MAX_KNOWN_IDS) {
    known = { endpoints: new Map(), versions: new Map() };
    knownIdsByDb.set(db, known);
  }
  for (const [name, endpoint] of endpointsByName) known.endpoints.set(name, endpoint);
  for (const [key, versionId] of versionsByKey) known.versions.set(key, versionId);
}

/** Maps each record's (endpoint, version number) to a version id from `byKey` ("modelId|version"); throws 404 for a missing one. */
function versionIdsOf(
  records: { endpoint: string; modelVersion: number }[],
  resolvedEndpoints: Map<string, ResolvedEndpoint>,
  byKey: Map<string, number>,
): Map<string, number> {
  const result = new Map<string, number>();
  const missing: number[] = [];
  records.forEach((record, index) => {
    const modelId = resolvedEndpoints.get(record.endpoint)!.modelId;
    const id = byKey.get(`${modelId}|${record.modelVersion}`);
    if (id === undefined) missing.push(index);
    else result.set(`${record.endpoint}|${record.modelVersion}`, id);
  });

  if (missing.length > 0) {
    const first = records[missing[0]];
    throw new KeelError(
      "not_found",
      `Model version ${first.modelVersion} not found for endpoint "${first.endpoint}" (${describeIndexes(missing)}); register it with POST /api/v1/models/{model}/versions first. Nothing was stored.`,
      missing.slice(0, 100).map((index) => ({
        path: `records.${index}.modelVersion`,
        message: `version ${records[index].modelVersion} not found for endpoint "${records[index].endpoint}"`,
      })),
    );
  }
  return result;
}
