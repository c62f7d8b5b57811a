export { createMonitor, deleteMonitor, getMonitor, listMonitors, monitorScheduleKey, updateMonitor, type Monitor } from "./monitors";
export { columnHistory, getDriftReport, latestDriftReport, listDriftReports, type ColumnHistoryPoint, type DriftReportListItem } from "./reports";
export { monitorAlertKey, runMonitor, type DriftReport } from "./run";
export * from "./schemas";
export type * from "./types";
export { performanceHistory, type PerformanceHistoryPoint } from "./history";
export { requestRetrainingForReport } from "./retraining";
