export type { ColumnKind, ExtensionColumn } from './extension-columns.js';
export { ACM_COLUMNS, ACTION_COLUMN, EXTENSION_COLUMNS, FREEPBX_COLUMNS } from './extension-columns.js';
export type { ExtensionsCsvExportOptions, ExtensionsCsvImportOptions, ExtensionsCsvImportResult } from './extensions-csv.js';
export { exportExtensionsCsv, extensionsToCsv, importExtensionsCsv } from './extensions-csv.js';
export type { CsvParseResult, CsvRecord } from './parse-csv.js';
export { csvCell, parseCsv } from './parse-csv.js';
