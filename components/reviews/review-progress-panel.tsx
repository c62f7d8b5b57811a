import { Panel } from "@/components/panel";
import { Stat } from "@/components/stat";
import { formatCount, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { ReviewProgress } from "@/lib/reviews/progress";

/** Queue size, each reviewer's count and the verdict summary with inter-reviewer agreement. */
export function ReviewProgressPanel(props: { progress: ReviewProgress }) {
  const { progress } = props;
  const { summary } = progress;
  return (
    <Panel
      title="Progress"
      description={`${progress.blind ? "Blind review" : "Sources shown"}; ${progress.reviewsPerItem} reviewer${progress.reviewsPerItem > 1 ? "s" : ""} per item.`}
    >
      <dl className="grid grid-cols-2 gap-3">
        <Stat label="Queued" value={formatCount(progress.queued)} detail={`${formatCount(progress.disagreements)} disagreements`} />
        <Stat label="Completed" value={formatCount(progress.completed)} />
        <Stat label="Candidate right" value={formatPercent(summary.candidateAccuracy)} detail={`${summary.candidateCorrect} of ${summary.reviewed} items`} />
        <Stat label="Production right" value={summary.reviewed ? formatPercent(summary.productionCorrect / summary.reviewed) : "—"} detail={`${summary.both} both, ${summary.neither} neither`} />
        <Stat
          label="Reviewer agreement"
          value={summary.agreement ? formatPercent(summary.agreement.percentAgreement) : "—"}
          detail={summary.agreement ? `Fleiss' κ ${formatNumber(summary.agreement.fleissKappa)} on ${summary.agreement.items} items` : "needs two reviewers on an item"}
        />
      </dl>
      <table className="mt-3 w-full text-sm">
        <caption className="sr-only">Items labeled per reviewer</caption>
        <thead className="text-xs text-zinc-500">
          <tr>
            <th scope="col" className="text-left font-normal">Reviewer</th>
            <th scope="col" className="text-right font-normal">Labeled</th>
          </tr>
        </thead>
        <tbody>
          {progress.reviewers.map((reviewer) => (
            <tr key={reviewer.userId} className="border-t border-zinc-800">
              <td className="py-1">{reviewer.name}</td>
              <td className="py-1 text-right tabular-nums">{reviewer.labeled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
