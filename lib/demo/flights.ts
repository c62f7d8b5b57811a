import { createRequire } from "node:module";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

/**
 * Returns the path of the file with the 3,000,000 US domestic flights of January to June 2001 from the vega-datasets package, sorted by
 * departure. The file stores local departure times as if they were UTC, at minute resolution.
 */
export function flightsParquetPath(): string {
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  return path.join(path.dirname(entry), "..", "data", "flights-3m.parquet");
}

export const MINUTE_MS = 60_000;

/** Selected flights in columns, with airports as indexes into `airports`. */
export type FlightTable = {
  length: number;
  /** Position of the flight in the file, from 0. */
  rowIndex: Int32Array;
  /** Local departure time read as UTC, in milliseconds since the epoch. */
  departureMs: Float64Array;
  delayMinutes: Int32Array;
  distanceMiles: Int32Array;
  origin: Uint16Array;
  destination: Uint16Array;
  airports: string[];
};

/** Flights per minute over every row read, from the minute of the first flight to that of the last. */
export type MinuteCounts = { firstMinuteMs: number; counts: Uint16Array };

export type FlightScan = { flights: FlightTable; minuteCounts: MinuteCounts; totalRows: number; lastDepartureMs: number };

type ParquetFlight = { date: Date; delay: bigint; distance: bigint; origin: string; destination: string };

export type ScanOptions = {
  /** Decides per row whether the row is kept in `flights`. Every row still counts in `minuteCounts`. */
  select: (rowIndex: number, departureMs: number, totalRows: number) => boolean;
  /** Stops after this many rows of the file, for tests. */
  rowLimit?: number;
  file?: string;
};

/** Reads the flights file one row group at a time, so memory stays bounded by one group plus the selection. */
export async function scanFlights(options: ScanOptions): Promise<FlightScan> {
  const file = await asyncBufferFromFile(options.file ?? flightsParquetPath());
  const metadata = await parquetMetadataAsync(file);
  const totalRows = Math.min(Number(metadata.num_rows), options.rowLimit ?? Infinity);

  const builder = new FlightTableBuilder();
  const minutes: number[] = [];
  let firstMinuteMs = Number.NaN;
  let lastDepartureMs = Number.NaN;
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    if (groupStart >= totalRows) break;

    const groupEnd = Math.min(groupStart + Number(group.num_rows), totalRows);
    const rows = (await parquetReadObjects({ file, compressors, rowStart: groupStart, rowEnd: groupEnd })) as ParquetFlight[];
    rows.forEach((row, offset) => {
      const rowIndex = groupStart + offset;
      const departureMs = row.date.getTime();
      lastDepartureMs = departureMs;
      if (Number.isNaN(firstMinuteMs)) firstMinuteMs = Math.floor(departureMs / MINUTE_MS) * MINUTE_MS;

      // The file is sorted by departure, so the minute index never decreases.
      const minute = Math.floor((departureMs - firstMinuteMs) / MINUTE_MS);
      while (minutes.length <= minute) minutes.push(0);
      minutes[minute] += 1;

      if (options.select(rowIndex, departureMs, totalRows)) builder.push(rowIndex, departureMs, row);
    });
    groupStart = groupEnd;
  }

  return {
    flights: builder.build(),
    minuteCounts: { firstMinuteMs, counts: Uint16Array.from(minutes) },
    totalRows,
    lastDepartureMs,
  };
}

class FlightTableBuilder {
  private readonly rowIndex: number[] = [];
  private readonly departureMs: number[] = [];
  private readonly delayMinutes: number[] = [];
  private readonly distanceMiles: number[] = [];
  private readonly origin: number[] = [];
  private readonly destination: number[] = [];
  private readonly airportIndex = new Map<string, number>();

  push(rowIndex: number, departureMs: number, row: ParquetFlight): void {
    this.rowIndex.push(rowIndex);
    this.departureMs.push(departureMs);
    this.delayMinutes.push(Number(row.delay));
    this.distanceMiles.push(Number(row.distance));
    this.origin.push(this.airport(row.origin));
    this.destination.push(this.airport(row.destination));
  }

  build(): FlightTable {
    return {
      length: this.rowIndex.length,
      rowIndex: Int32Array.from(this.rowIndex),
      departureMs: Float64Array.from(this.departureMs),
      delayMinutes: Int32Array.from(this.delayMinutes),
      distanceMiles: Int32Array.from(this.distanceMiles),
      origin: Uint16Array.from(this.origin),
      destination: Uint16Array.from(this.destination),
      airports: [...this.airportIndex.keys()],
    };
  }

  private airport(code: string): number {
    let index = this.airportIndex.get(code);
    if (index === undefined) {
      index = this.airportIndex.size;
      this.airportIndex.set(code, index);
    }
    return index;
  }
}

/** Returns the rows of `table` at `positions` (indexes into the table, not file row indexes). */
export function takeFlights(table: FlightTable, positions: ArrayLike<number>): FlightTable {
  const pick = <T extends Int32Array | Float64Array | Uint16Array>(column: T): T => {
    const out = new (column.constructor as new (length: number) => T)(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = column[positions[i]];
    return out;
  };
  return {
    length: positions.length,
    rowIndex: pick(table.rowIndex),
    departureMs: pick(table.departureMs),
    delayMinutes: pick(table.delayMinutes),
    distanceMiles: pick(table.distanceMiles),
    origin: pick(table.origin),
    destination: pick(table.destination),
    airports: table.airports,
  };
}

/** Returns the positions in `table` whose rows satisfy `predicate`. */
export function filterFlights(table: FlightTable, predicate: (position: number) => boolean): Int32Array {
  const positions: number[] = [];
  for (let i = 0; i < table.length; i++) if (predicate(i)) positions.push(i);
  return Int32Array.from(positions);
}
