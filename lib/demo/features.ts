import type { FlightTable } from "./flights";

/** The features logged with each prediction, all available to a serving system before departure. */
export type FlightFeatures = {
  distance: number;
  dep_hour: number;
  weekday: string;
  origin: string;
  destination: string;
};

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** How many of the busiest origin and destination airports get their own indicator column each. */
export const TOP_AIRPORTS = 30;

/** Returns the logged features of the flight at `position`. Hour and weekday are local to the origin airport. */
export function flightFeatures(table: FlightTable, position: number): FlightFeatures {
  const departure = new Date(table.departureMs[position]);
  return {
    distance: table.distanceMiles[position],
    dep_hour: departure.getUTCHours(),
    weekday: WEEKDAYS[departure.getUTCDay()],
    origin: table.airports[table.origin[position]],
    destination: table.airports[table.destination[position]],
  };
}

/**
 * The fitted part of the encoding, stored as JSON with the model: the scaling of log distance and the
 * airports that get indicator columns. Airports outside the lists share the intercept.
 */
export type FeatureEncoder = {
  logDistanceMean: number;
  logDistanceStd: number;
  origins: string[];
  destinations: string[];
};

/** Columns: intercept, standardised log distance, 24 hour indicators, 7 weekday indicators, then airports. */
export function featureNames(encoder: FeatureEncoder): string[] {
  return [
    "intercept",
    "log_distance",
    ...Array.from({ length: 24 }, (_, hour) => `dep_hour=${hour}`),
    ...WEEKDAYS.map((day) => `weekday=${day}`),
    ...encoder.origins.map((code) => `origin=${code}`),
    ...encoder.destinations.map((code) => `destination=${code}`),
  ];
}

const HOUR_OFFSET = 2;
const WEEKDAY_OFFSET = HOUR_OFFSET + 24;
const ORIGIN_OFFSET = WEEKDAY_OFFSET + 7;

/** The maximum number of non-zero columns in one encoded row. */
export const MAX_ROW_ENTRIES = 6;

/** Fits the encoder on the rows at `positions`: log-distance scaling and the busiest airports. */
export function fitEncoder(table: FlightTable, positions: ArrayLike<number>): FeatureEncoder {
  let sum = 0;
  let sumSquares = 0;
  const originCounts = new Map<number, number>();
  const destinationCounts = new Map<number, number>();
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k];
    const logDistance = Math.log(table.distanceMiles[i]);
    sum += logDistance;
    sumSquares += logDistance * logDistance;
    originCounts.set(table.origin[i], (originCounts.get(table.origin[i]) ?? 0) + 1);
    destinationCounts.set(table.destination[i], (destinationCounts.get(table.destination[i]) ?? 0) + 1);
  }

  const mean = sum / positions.length;
  const variance = sumSquares / positions.length - mean * mean;
  return {
    logDistanceMean: mean,
    logDistanceStd: Math.sqrt(Math.max(variance, 1e-12)),
    origins: busiest(originCounts, table.airports),
    destinations: busiest(destinationCounts, table.airports),
  };
}

// Ties in count are broken by airport code, so the choice does not depend on the order rows were read.
function busiest(counts: Map<number, number>, airports: string[]): string[] {
  return [...counts.entries()]
    .map(([index, count]) => ({ code: airports[index], count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1))
    .slice(0, TOP_AIRPORTS)
    .map((entry) => entry.code);
}

/** Maps features to sparse columns, with the encoder's airport lists turned into lookups once. */
export class FeatureEncoding {
  readonly width: number;
  private readonly originColumn: Map<string, number>;
  private readonly destinationColumn: Map<string, number>;

  constructor(readonly encoder: FeatureEncoder) {
    const destinationOffset = ORIGIN_OFFSET + encoder.origins.length;
    this.width = destinationOffset + encoder.destinations.length;
    this.originColumn = new Map(encoder.origins.map((code, k) => [code, ORIGIN_OFFSET + k]));
    this.destinationColumn = new Map(encoder.destinations.map((code, k) => [code, destinationOffset + k]));
  }

  /** Writes the row's non-zero columns into `columns` and `values` from `offset`, and returns how many it wrote. */
  encode(features: FlightFeatures, columns: Int32Array, values: Float64Array, offset: number): number {
    const { logDistanceMean, logDistanceStd } = this.encoder;
    const entries: [number, number][] = [
      [0, 1],
      [1, (Math.log(features.distance) - logDistanceMean) / logDistanceStd],
      [HOUR_OFFSET + features.dep_hour, 1],
      [WEEKDAY_OFFSET + WEEKDAYS.indexOf(features.weekday as (typeof WEEKDAYS)[number]), 1],
    ];
    const origin = this.originColumn.get(features.origin);
    if (origin !== undefined) entries.push([origin, 1]);
    const destination = this.destinationColumn.get(features.destination);
    if (destination !== undefined) entries.push([destination, 1]);

    entries.forEach(([column, value], k) => {
      columns[offset + k] = column;
      values[offset + k] = value;
    });
    return entries.length;
  }

  /** Returns the linear score w·x of one row. */
  dot(weights: ArrayLike<number>, features: FlightFeatures): number {
    const columns = new Int32Array(MAX_ROW_ENTRIES);
    const values = new Float64Array(MAX_ROW_ENTRIES);
    const count = this.encode(features, columns, values, 0);

    let total = 0;
    for (let k = 0; k < count; k++) total += weights[columns[k]] * values[k];
    return total;
  }
}
