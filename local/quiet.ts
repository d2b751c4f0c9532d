// Imported first by the CLI: on a terminal, the run summary is the output. EMF metrics are for
// CloudWatch; warnings and errors print as one readable line each (local/cli/log-sink.ts). Set
// POWERTOOLS_LOG_LEVEL=INFO to see more.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
