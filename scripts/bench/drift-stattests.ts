// Times Keel's ks and wasserstein stattests against SciPy's ks_2samp and wasserstein_distance on the same
// 1,000,000 + 1,000,000 normal values, and prints both and their ratio. Needs python3 with numpy and
// scipy. Run from the repository root:
//
//   npx tsx scripts/bench/drift-stattests.ts [values per sample] [runs]
//
// Each side reports its best of `runs` timings (default 5) after one warm-up run, since other processes
// on the machine only ever make a run slower. Keel's wasserstein includes the reference standard
// deviation that Evidently divides by; SciPy's timing is wasserstein_distance alone.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { wasserstein } from "../../lib/drift/distances";
import { ks } from "../../lib/drift/ks";
import { createUniform } from "../../lib/drift/random";

const size = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);

/** Standard normal values by the Box-Muller transform of a seeded uniform generator. */
function normalSample(n: number, seed: number, shift: number): Float64Array {
  const uniform = createUniform(seed);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    values[i] = shift + radius * Math.cos(angle);
    if (i + 1 < n) values[i + 1] = shift + radius * Math.sin(angle);
  }
  return values;
}

function bestMilliseconds(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const reference = normalSample(size, 1, 0);
const current = normalSample(size, 2, 0.01);

const keel = {
  ks: bestMilliseconds(() => ks(reference, current)),
  wasserstein: bestMilliseconds(() => wasserstein(reference, current)),
};

const folder = mkdtempSync(path.join(os.tmpdir(), "keel-drift-bench-"));
try {
  writeFileSync(path.join(folder, "reference.f64"), new Uint8Array(reference.buffer));
  writeFileSync(path.join(folder, "current.f64"), new Uint8Array(current.buffer));

  const python = `
import json, sys, time
import numpy as np
from scipy import stats
folder, runs = sys.argv[1], int(sys.argv[2])
reference = np.fromfile(folder + "/reference.f64", dtype="<f8")
current = np.fromfile(folder + "/current.f64", dtype="<f8")
def best(run):
    run()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)
print(json.dumps({
    "ks": best(lambda: stats.ks_2samp(reference, current)),
    "wasserstein": best(lambda: stats.wasserstein_distance(reference, current)),
    "ksResult": stats.ks_2samp(reference, current).pvalue,
}))
`;
  const result = spawnSync("python3", ["-c", python, folder, String(runs)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  const scipy = JSON.parse(result.stdout) as { ks: number; wasserstein: number; ksResult: number };

  const check = ks(reference, current).pValue;
  console.log(`${size} + ${size} normal values, best of ${runs} runs`);
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
  for (const name of ["ks", "wasserstein"] as const) {
    const ratio = keel[name] / scipy[name];
    console.log(`${name.padEnd(12)} Keel ${keel[name].toFixed(1).padStart(8)} ms   SciPy ${scipy[name].toFixed(1).padStart(8)} ms   Keel/SciPy ${ratio.toFixed(2)}`);
  }
  console.log(`ks p-value: Keel ${check}, SciPy ${scipy.ksResult}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
