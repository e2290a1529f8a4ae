/** The report domain: one ECG (or a cohort's worklist) to a vector PDF on calibrated paper. Plain Node. */
export { buildReport, reportFileName, type BuildReportRequest, type BuiltReport, type ReportModel } from './build-report';
export { writeCohortReports, worklistRows, type CohortReportRequest, type CohortReportResult } from './cohort-report';
export { renderReportPdf, reportCreationDate, type ReportInput, type RenderedReport } from './render-report';
export * from './options';
export type { ReportOverread, ReportPrediction } from './ai-summary';
