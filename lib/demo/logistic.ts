/** A matrix in compressed sparse row form: row r's entries are at rowStart[r] … rowStart[r + 1] − 1. */
export type SparseMatrix = {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  columnIndex: Int32Array;
  values: Float64Array;
};

export type LogisticOptions = {
  /** Ridge penalty λ, added as λ/2 · ‖w‖² to the summed (not averaged) log loss. Column 0 is not penalised. */
  l2: number;
  maxIterations?: number;
  /** Stops when the largest change of any weight in one step is below this. */
  tolerance?: number;
};

export type LogisticFit = { weights: Float64Array; iterations: number; converged: boolean; loss: number };

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Returns the penalised summed log loss of `weights`, the objective the fit minimises. */
export function penalisedLoss(x: SparseMatrix, labels: ArrayLike<number>, weights: Float64Array, l2: number): number {
  let loss = 0;
  for (let r = 0; r < x.rows; r++) {
    const z = rowDot(x, r, weights);
    // log(1 + e^z) − y·z, written to avoid overflow for large |z|.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[r] * z;
  }
  for (let j = 1; j < weights.length; j++) loss += (l2 / 2) * weights[j] * weights[j];
  return loss;
}

/**
 * Fits L2-penalised logistic regression with Newton's method (iteratively reweighted least squares) and
 * step halving when a full step does not lower the loss. The Hessian is dense (columns × columns), so
 * this suits sparse rows with up to a few hundred columns. Deterministic: it starts from zero weights.
 */
export function fitLogisticRegression(x: SparseMatrix, labels: ArrayLike<number>, options: LogisticOptions): LogisticFit {
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const d = x.columns;

  let weights: Float64Array = new Float64Array(d);
  let loss = penalisedLoss(x, labels, weights, options.l2);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { gradient, hessian } = gradientAndHessian(x, labels, weights, options.l2);
    const step = solveCholesky(hessian, gradient, d);

    let scale = 1;
    let candidate = subtractScaled(weights, step, scale);
    let candidateLoss = penalisedLoss(x, labels, candidate, options.l2);
    while (candidateLoss > loss && scale > 1e-6) {
      scale /= 2;
      candidate = subtractScaled(weights, step, scale);
      candidateLoss = penalisedLoss(x, labels, candidate, options.l2);
    }

    let largestChange = 0;
    for (let j = 0; j < d; j++) largestChange = Math.max(largestChange, Math.abs(scale * step[j]));
    weights = candidate;
    loss = candidateLoss;
    if (largestChange < tolerance) return { weights, iterations: iteration, converged: true, loss };
  }
  return { weights, iterations: maxIterations, converged: false, loss };
}

function rowDot(x: SparseMatrix, r: number, weights: ArrayLike<number>): number {
  let z = 0;
  for (let k = x.rowStart[r]; k < x.rowStart[r + 1]; k++) z += weights[x.columnIndex[k]] * x.values[k];
  return z;
}

function subtractScaled(weights: Float64Array, step: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(weights.length);
  for (let j = 0; j < weights.length; j++) out[j] = weights[j] - scale * step[j];
  return out;
}

// Gradient Xᵀ(p − y) + λw and Hessian XᵀWX + λI with W = diag(p(1 − p)), both including the penalty.
function gradientAndHessian(x: SparseMatrix, labels: ArrayLike<number>, weights: Float64Array, l2: number) {
  const d = x.columns;
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  for (let r = 0; r < x.rows; r++) {
    const p = sigmoid(rowDot(x, r, weights));
    const residual = p - labels[r];
    const weight = p * (1 - p);
    const start = x.rowStart[r];
    const end = x.rowStart[r + 1];
    for (let a = start; a < end; a++) {
      const ja = x.columnIndex[a];
      const va = x.values[a];
      gradient[ja] += residual * va;
      for (let b = start; b < end; b++) hessian[ja * d + x.columnIndex[b]] += weight * va * x.values[b];
    }
  }

  for (let j = 1; j < d; j++) {
    gradient[j] += l2 * weights[j];
    hessian[j * d + j] += l2;
  }
  // A tiny ridge on the intercept keeps the Hessian positive definite when a column is all zero.
  hessian[0] += 1e-9;
  return { gradient, hessian };
}

/** Solves A·s = b for a symmetric positive definite d×d matrix A (row-major) by Cholesky factorisation. */
export function solveCholesky(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (sum <= 0) throw new RangeError(`matrix is not positive definite (pivot ${i} is ${sum})`);
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }

  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * y[k];
    y[i] = sum / l[i * d + i];
  }
  const s = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * s[k];
    s[i] = sum / l[i * d + i];
  }
  return s;
}
