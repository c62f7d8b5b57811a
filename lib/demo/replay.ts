import type { IngestResult, LabelRecordInput, MetricRecordInput, PredictionRecordInput } from "../ingest/schemas";
import { MINUTE_MS } from "./flights";
import { ProgressReporter } from "./progress";
import { labelRecord, metricRecords, predictionRecord, type ReplaySource } from "./records";
import type { DemoTarget, IngestKind, IngestRecords } from "./target";

/** Records per request. The API accepts up to 10,000, and smaller batches keep each transaction short. */
export const REPLAY_BATCH_SIZE = 5_000;

/** Stored and duplicate records per kind, and the seconds spent waiting on the target (summed over concurrent batches). */
export type ReplayTotals = Record<IngestKind, IngestResult & { seconds: number }>;

/** One slice of the replay: a run of flights in time order and the load-trace minutes up to its last departure. */
type Chunk = { start: number; end: number; firstMinute: number; endMinute: number };

/**
 * Sends every flight of `source.flights` as a prediction log, then its label, in time order, together
 * with the operational metrics of every minute of the load trace. Chunks run `target.concurrency` at a
 * time, and within a chunk the predictions are stored before their labels.
 */
export async function replayFlights(source: ReplaySource, target: DemoTarget, now: Date): Promise<ReplayTotals> {
  const totals: ReplayTotals = {
    predictions: { stored: 0, duplicates: 0, seconds: 0 },
    labels: { stored: 0, duplicates: 0, seconds: 0 },
    metrics: { stored: 0, duplicates: 0, seconds: 0 },
  };
  const chunks = planChunks(source);
  const progress = new ProgressReporter("replay", source.flights.length, "flights");

  const send = async <K extends IngestKind>(kind: K, records: IngestRecords[K]) => {
    for (let start = 0; start < records.length; start += REPLAY_BATCH_SIZE) {
      const batch = records.slice(start, start + REPLAY_BATCH_SIZE) as IngestRecords[K];
      const started = performance.now();
      const result = await target.ingest(kind, batch);
      totals[kind].seconds += (performance.now() - started) / 1000;
      totals[kind].stored += result.stored;
      totals[kind].duplicates += result.duplicates;
    }
  };

  const runChunk = async (chunk: Chunk) => {
    const metrics: MetricRecordInput[] = [];
    for (let minute = chunk.firstMinute; minute < chunk.endMinute; minute++) metrics.push(...metricRecords(source, minute));
    await send("metrics", metrics);

    const predictions: PredictionRecordInput[] = [];
    const labels: LabelRecordInput[] = [];
    for (let i = chunk.start; i < chunk.end; i++) {
      predictions.push(predictionRecord(source, i));
      const label = labelRecord(source, i, now);
      if (label) labels.push(label);
    }
    await send("predictions", predictions);
    await send("labels", labels);
    progress.advance(chunk.end - chunk.start);
  };

  await runConcurrently(chunks, Math.max(1, target.concurrency), runChunk);
  progress.finish();
  return totals;
}

function planChunks(source: ReplaySource): Chunk[] {
  const { flights, minuteCounts } = source;
  const minuteOf = (position: number) => Math.floor((flights.departureMs[position] - minuteCounts.firstMinuteMs) / MINUTE_MS);

  const chunks: Chunk[] = [];
  let firstMinute = 0;
  for (let start = 0; start < flights.length; start += REPLAY_BATCH_SIZE) {
    const end = Math.min(start + REPLAY_BATCH_SIZE, flights.length);
    const isLast = end === flights.length;
    // The last chunk also carries the minutes after the last sampled flight, so the trace is always complete.
    const endMinute = isLast ? minuteCounts.counts.length : Math.max(firstMinute, minuteOf(end - 1) + 1);
    chunks.push({ start, end, firstMinute, endMinute });
    firstMinute = endMinute;
  }
  return chunks;
}

/**
 * Runs `work` over `items` with at most `limit` in flight, taking items in order. After the first error no
 * new item starts. The items already running finish, and then the first error is thrown.
 */
async function runConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };

  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = outcomes.find((outcome) => outcome.status === "rejected");
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}
