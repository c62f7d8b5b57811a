import murmurhash from "murmurhash";

/**
 * Deterministic assignment of units to variants, usable in-process as an SDK function.
 *
 * A unit's position is MurmurHash3 (32-bit) of its id in UTF-8, seeded with the hash of the experiment
 * seed, divided by 2^32. The same seed and unit id give the same position in every process, and two
 * experiments with different seeds hash with different seeds, so their assignments are independent.
 *
 * Ramping rule: the m non-control variants own fixed, disjoint slots of [0, 1). Variant i (0-based among
 * the non-control variants, in the order given) covers [i / m, i / m + weight), so each non-control weight
 * is at most 1 / m. The control covers everything else. Raising a non-control weight only takes units from
 * the control, and a unit never moves between two non-control variants, whatever the weights become.
 * Lowering a weight returns units to the control.
 */

export type AssignmentVariant = {
  key: string;
  /** Share of units, from 0 to 1; the weights of an experiment sum to 1. */
  weight: number;
  isControl: boolean;
};

export type AssignmentPlan = {
  seed: string;
  variants: readonly AssignmentVariant[];
};

export type Assigner<V extends AssignmentVariant> = (unitId: string) => V;

const WEIGHT_SUM_TOLERANCE = 1e-9;
const TWO_TO_32 = 2 ** 32;
const encoder = new TextEncoder();
const scratch = new Uint8Array(1024);

/** Returns the unit's position in [0, 1) for a numeric seed from `hashSeed`. */
export function unitPosition(numericSeed: number, unitId: string): number {
  const { read, written } = encoder.encodeInto(unitId, scratch);
  const bytes = read === unitId.length ? scratch.subarray(0, written) : encoder.encode(unitId);
  return murmurhash.v3(bytes, numericSeed) / TWO_TO_32;
}

/** Turns an experiment seed string into the numeric seed of its unit hash. */
export function hashSeed(seed: string): number {
  return murmurhash.v3(encoder.encode(seed), 0);
}

/**
 * Returns an error message when the weights break the ramping rule or do not sum to 1, else null.
 * Callers turn the message into a validation error on their own field names.
 */
export function checkAssignmentWeights(variants: readonly Pick<AssignmentVariant, "weight" | "isControl">[]): string | null {
  const controls = variants.filter((variant) => variant.isControl).length;
  if (controls !== 1) return `exactly one variant must be the control, found ${controls}`;

  for (const variant of variants) {
    if (!Number.isFinite(variant.weight) || variant.weight < 0 || variant.weight > 1) {
      return `weight ${variant.weight} must be between 0 and 1`;
    }
  }

  const sum = variants.reduce((total, variant) => total + variant.weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) return `weights must sum to 1 (100%), got ${sum}`;

  const treatments = variants.length - 1;
  for (const variant of variants) {
    if (!variant.isControl && variant.weight > 1 / treatments + WEIGHT_SUM_TOLERANCE) {
      return `each non-control weight must be at most 1/${treatments} (${(100 / treatments).toFixed(2)}%), so ramping never moves a unit between non-control variants`;
    }
  }
  return null;
}

/**
 * Compiles a plan into a function from unit id to variant. Throws when the weights break
 * `checkAssignmentWeights`, so validate input before calling.
 */
export function compileAssigner<V extends AssignmentVariant>(plan: { seed: string; variants: readonly V[] }): Assigner<V> {
  const problem = checkAssignmentWeights(plan.variants);
  if (problem) throw new Error(`Invalid assignment plan: ${problem}`);

  const numericSeed = hashSeed(plan.seed);
  const control = plan.variants.find((variant) => variant.isControl)!;
  const treatments = plan.variants.filter((variant) => !variant.isControl);
  const slot = 1 / Math.max(treatments.length, 1);
  const ends = treatments.map((variant) => variant.weight);

  return (unitId) => {
    const position = unitPosition(numericSeed, unitId);
    const index = Math.floor(position / slot);
    if (index < treatments.length && position - index * slot < ends[index]) return treatments[index];
    return control;
  };
}

/** Assigns one unit; compile once with `compileAssigner` when assigning many. */
export function assignUnit<V extends AssignmentVariant>(plan: { seed: string; variants: readonly V[] }, unitId: string): V {
  return compileAssigner(plan)(unitId);
}
