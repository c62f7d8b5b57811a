"use client";

import Link from "next/link";
import { formatNumber } from "@/lib/dashboard/format";
import type { ColumnRow } from "@/lib/monitors/charts";
import { Sparkline } from "../charts/sparkline";
import { DriftedBadge } from "./report-status";

const cell = "px-2 py-1.5";

/** Returns the drill-down page of one column of a monitor's reports. */
export function columnHref(endpoint: string, column: string, monitorId: number): string {
  return `/endpoints/${encodeURIComponent(endpoint)}/drift/${encodeURIComponent(column)}?monitor=${monitorId}`;
}

/**
 * Renders the drift results of a report's columns in the report's order, each with a sparkline of the
 * value its threshold applies to (the p-value of a test, else the statistic) over the monitor's runs.
 */
export function ColumnTable(props: { rows: ColumnRow[]; caption: string; endpoint: string; monitorId: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs">
        <caption className="sr-only">{props.caption}</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Column</th>
            <th scope="col" className={`${cell} font-medium`}>Type</th>
            <th scope="col" className={`${cell} font-medium`}>Stattest</th>
            <th scope="col" className={`${cell} text-right font-medium`}>Statistic</th>
            <th scope="col" className={`${cell} text-right font-medium`}>p-value</th>
            <th scope="col" className={`${cell} text-right font-medium`}>Threshold</th>
            <th scope="col" className={`${cell} font-medium`}>Drifted</th>
            <th scope="col" className={`${cell} w-40 font-medium`}>Trend</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.column} className="border-b border-zinc-800/60 last:border-b-0">
              <th scope="row" className={`${cell} text-left font-medium`}>
                <Link href={columnHref(props.endpoint, row.column, props.monitorId)} className="text-sky-300 hover:underline">
                  {row.column}
                </Link>
              </th>
              <td className={`${cell} text-zinc-400`}>{row.type}</td>
              <td className={`${cell} font-mono text-zinc-300`}>{row.method}</td>
              <td className={`${cell} text-right tabular-nums`}>{row.statistic === null ? "not finite" : formatNumber(row.statistic)}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatNumber(row.pValue)}</td>
              <td className={`${cell} text-right tabular-nums`} title={row.decidedBy === "p-value" ? "drift when the p-value is below" : "drift when the statistic reaches"}>
                {row.decidedBy === "p-value" ? "p < " : "≥ "}
                {formatNumber(row.threshold)}
              </td>
              <td className={cell}>
                <DriftedBadge drifted={row.drifted} />
              </td>
              <td className={cell}>
                {row.trend.length > 1 ? (
                  <Sparkline
                    points={row.trend}
                    dataKey="value"
                    label={row.decidedBy}
                    color={row.drifted ? "#f87171" : "#60a5fa"}
                    formatValue={formatNumber}
                  />
                ) : (
                  <span className="text-zinc-500">{row.trend.length === 1 ? "one run so far" : "–"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
