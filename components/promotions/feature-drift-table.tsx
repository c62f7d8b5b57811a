import type { FeatureDrift } from "@/lib/promotions/checks";
import { formatCheckValue } from "@/lib/promotions/view";

const cell = "px-2 py-0.5";

/** Renders each feature's stattest behind the drift check, drifted features first. */
export function FeatureDriftTable(props: { features: FeatureDrift[] }) {
  const sorted = [...props.features].sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.column.localeCompare(b.column));
  return (
    <table className="mt-2 w-full text-[11px]">
      <caption className="sr-only">Drift per feature</caption>
      <thead className="text-zinc-500">
        <tr className="border-b border-zinc-800 text-left">
          <th scope="col" className={`${cell} font-medium`}>Feature</th>
          <th scope="col" className={`${cell} font-medium`}>Stattest</th>
          <th scope="col" className={`${cell} font-medium`}>Statistic</th>
          <th scope="col" className={`${cell} font-medium`}>p-value</th>
          <th scope="col" className={`${cell} font-medium`}>Threshold</th>
          <th scope="col" className={`${cell} font-medium`}>Drifted</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((feature) => (
          <tr key={feature.column} className="border-b border-zinc-800/60 last:border-0">
            <th scope="row" className={`${cell} text-left font-normal`}>{feature.column}</th>
            <td className={cell}>{feature.method}</td>
            <td className={`${cell} font-mono`}>{formatCheckValue(feature.statistic)}</td>
            <td className={`${cell} font-mono`}>{formatCheckValue(feature.pValue)}</td>
            <td className={`${cell} font-mono`}>{formatCheckValue(feature.threshold)}</td>
            <td className={feature.drifted ? `${cell} text-red-300` : cell}>{feature.drifted ? "yes" : "no"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
