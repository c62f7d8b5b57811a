import type { IngestResult } from "../ingest/schemas";
import type { Logger } from "../log";
import type { CreateMonitorInput } from "../monitors/schemas";
import type { CreateScalingPolicyInput } from "../scaling-policies/schemas";
import type { OpenPromotionInput } from "../promotions/schemas";
import type { DemoMonitorRun, DemoTarget, IngestKind, IngestRecords, RegisteredVersion } from "./target";

const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const REQUEST_TIMEOUT_MS = 120_000;

type RequestOptions = { allowNotFound?: boolean; allowForbidden?: boolean; idempotent?: boolean };

const READ: RequestOptions = { allowNotFound: true, idempotent: true };

/** An HTTP response that was neither a success nor worth retrying. */
export class HttpTargetError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpTargetError";
  }
}

/**
 * Registers and ingests through a running Keel's JSON API with an API key, which needs the "ingest" and
 * "read" scopes, and the "admin" scope to create and run the demo's drift monitor. Retries 429 and 503 responses and connection failures with exponential backoff,
 * honouring Retry-After.
 */
export class HttpTarget implements DemoTarget {
  readonly description: string;
  readonly concurrency = 2;

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly log: Logger,
    private readonly sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.description = this.baseUrl;
  }

  async findModelVersions(name: string): Promise<RegisteredVersion[] | null> {
    const path = `/api/v1/models/${encodeURIComponent(name)}`;
    const model = await this.request<{ versions: RegisteredVersion[] }>("GET", path, undefined, READ);
    return model ? model.versions.map((version) => ({ version: version.version, metadata: version.metadata })) : null;
  }

  async createModel(input: Parameters<DemoTarget["createModel"]>[0]): Promise<void> {
    await this.request("POST", "/api/v1/models", input);
  }

  async createModelVersion(input: Parameters<DemoTarget["createModelVersion"]>[0]): Promise<{ version: number }> {
    const { model, ...body } = input;
    const created = await this.request<{ version: number }>("POST", `/api/v1/models/${encodeURIComponent(model)}/versions`, body);
    return { version: created!.version };
  }

  async findEndpoint(name: string) {
    const path = `/api/v1/endpoints/${encodeURIComponent(name)}`;
    return this.request<{ model: string; productionVersion: number | null }>("GET", path, undefined, READ);
  }

  async createEndpoint(input: Parameters<DemoTarget["createEndpoint"]>[0]): Promise<void> {
    await this.request("POST", "/api/v1/endpoints", input);
  }

  async ingest<K extends IngestKind>(kind: K, records: IngestRecords[K]): Promise<IngestResult> {
    // Ingest skips records it already stored, so resending a batch after a lost response is safe.
    return (await this.request<IngestResult>("POST", `/api/v1/${kind}`, { records }, { idempotent: true }))!;
  }

  async sampleReviews(endpoint: string, candidateVersion: number, options: Parameters<DemoTarget["sampleReviews"]>[2]) {
    const path = `/api/v1/endpoints/${encodeURIComponent(endpoint)}/reviews/${candidateVersion}/sample`;
    return this.request<{ disagreements: number; agreements: number }>("POST", path, options, { allowForbidden: true });
  }

  async findMonitor(endpoint: string, name: string): Promise<{ id: number } | null> {
    const path = `/api/v1/monitors?endpoint=${encodeURIComponent(endpoint)}`;
    const listed = await this.request<{ monitors: { id: number; name: string }[] }>("GET", path, undefined, READ);
    const monitor = listed?.monitors.find((candidate) => candidate.name === name);
    return monitor ? { id: monitor.id } : null;
  }

  async createMonitor(input: CreateMonitorInput): Promise<{ id: number } | null> {
    const created = await this.request<{ id: number }>("POST", "/api/v1/monitors", input, { allowForbidden: true });
    return created ? { id: created.id } : null;
  }

  async listScalingPolicies(endpoint: string): Promise<string[]> {
    const path = `/api/v1/endpoints/${encodeURIComponent(endpoint)}/scaling/policies`;
    const listed = await this.request<{ policies: { name: string }[] }>("GET", path, undefined, READ);
    return listed?.policies.map((policy) => policy.name) ?? [];
  }

  async createScalingPolicy(endpoint: string, input: CreateScalingPolicyInput): Promise<boolean> {
    const path = `/api/v1/endpoints/${encodeURIComponent(endpoint)}/scaling/policies`;
    return (await this.request<{ id: number }>("POST", path, input, { allowForbidden: true })) !== null;
  }

  async versionStatus(model: string, version: number): Promise<string | null> {
    const path = `/api/v1/models/${encodeURIComponent(model)}/versions/${version}`;
    return (await this.request<{ status: string }>("GET", path, undefined, READ))?.status ?? null;
  }

  async setVersionStage(model: string, version: number, stage: "candidate" | "shadow"): Promise<void> {
    await this.request("POST", `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/stage`, { stage });
  }

  async listPromotions(endpoint: string): Promise<{ id: number; version: number; state: string }[]> {
    const path = `/api/v1/promotions?endpoint=${encodeURIComponent(endpoint)}`;
    const listed = await this.request<{ promotions: { id: number; version: number; state: string }[] }>("GET", path, undefined, READ);
    return (listed?.promotions ?? []).map(({ id, version, state }) => ({ id, version, state }));
  }

  async openPromotion(input: OpenPromotionInput): Promise<{ id: number } | null> {
    const opened = await this.request<{ id: number }>("POST", "/api/v1/promotions", input, { allowForbidden: true });
    return opened ? { id: opened.id } : null;
  }

  async runMonitor(monitorId: number): Promise<DemoMonitorRun | null> {
    const report = await this.request<Omit<DemoMonitorRun, "monitorId" | "reportId"> & { id: number }>(
      "POST",
      `/api/v1/monitors/${monitorId}/run`,
      undefined,
      { allowForbidden: true },
    );
    if (!report) return null;
    const { id, status, currentRows, featureCount, driftedCount, error } = report;
    return { monitorId, reportId: id, status, currentRows, featureCount, driftedCount, error };
  }

  /**
   * Sends one request and retries 429 and 503 responses. Connection failures are retried only for
   * idempotent requests, because a registration whose response was lost may have been stored.
   * Returns null for a 404 when `allowNotFound`, and for a 403 when `allowForbidden`.
   */
  private async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T | null> {
    const url = this.baseUrl + path;
    const payload = body === undefined ? undefined : JSON.stringify(body);

    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${this.apiKey}`, "content-type": "application/json" },
          body: payload,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        if (!options.idempotent) throw new Error(`${method} ${url} failed: ${describe(error)}`);
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${method} ${url} failed after ${attempt} attempts: ${describe(error)}`);
        await this.backoff(attempt, null, `${method} ${path}`, describe(error));
        continue;
      }

      if (response.ok) return (await response.json()) as T;
      if (response.status === 404 && options.allowNotFound) return null;
      if (response.status === 403 && options.allowForbidden) {
        this.log.warn({ request: `${method} ${path}`, reason: await errorMessage(response) }, "request forbidden; skipping it");
        return null;
      }

      const retryable = response.status === 429 || response.status === 503;
      if (!retryable || attempt >= MAX_ATTEMPTS) {
        throw new HttpTargetError(response.status, `${method} ${url} failed with HTTP ${response.status}: ${await errorMessage(response)}`);
      }
      await this.backoff(attempt, response.headers.get("retry-after"), `${method} ${path}`, `HTTP ${response.status}`);
    }
  }

  private async backoff(attempt: number, retryAfter: string | null, request: string, reason: string): Promise<void> {
    const exponential = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    const waitMs = Number.isFinite(seconds) ? Math.min(MAX_BACKOFF_MS, seconds * 1000) : exponential;
    this.log.warn({ request, reason, attempt, waitMs }, "request failed; retrying");
    await this.sleep(waitMs);
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; issues?: { path: string; message: string }[] } };
    const issues = parsed.error?.issues?.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`) ?? [];
    return [parsed.error?.message ?? text.slice(0, 300), ...issues].join("; ");
  } catch {
    return text.slice(0, 300) || response.statusText;
  }
}
