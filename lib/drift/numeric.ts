/** Running sum with Neumaier's compensation, so long sums of float64 terms keep full precision. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(term: number): void {
    const total = this.sum + term;
    if (Math.abs(this.sum) >= Math.abs(term)) this.compensation += this.sum - total + term;
    else this.compensation += term - total + this.sum;
    this.sum = total;
  }

  value(): number {
    return this.sum + this.compensation;
  }
}

export function mean(values: Float64Array): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < values.length; i++) sum.add(values[i]);
  return sum.value() / values.length;
}

/** Variance with `ddof` delta degrees of freedom, as NumPy's `var(values, ddof=ddof)`. */
export function variance(values: Float64Array, ddof: number): number {
  const center = mean(values);
  const sum = new CompensatedSum();
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - center;
    sum.add(deviation * deviation);
  }
  return sum.value() / (values.length - ddof);
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Rounds to the nearest integer with ties to even, as NumPy's `round`. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Floor division of two floats as Python's `a // b`, which can differ from `Math.floor(a / b)` by one. */
export function floorDivide(a: number, b: number): number {
  let remainder = a % b;
  let quotient = (a - remainder) / b;
  if (remainder !== 0 && b < 0 !== remainder < 0) {
    remainder += b;
    quotient -= 1;
  }
  if (quotient === 0) return 0;
  let floor = Math.floor(quotient);
  if (quotient - floor > 0.5) floor += 1;
  return floor;
}
