export { acknowledgeAlert, fireAlert, resolveAlert, resolveAlertByKey, type FireAlertResult } from "./alerts";
export { countOpenAlerts, listAlerts, type AlertSummary } from "./queries";
export * from "./schemas";
