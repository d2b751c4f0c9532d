// Imported first by the CLI: on a terminal, the run summary is the output. Powertools' JSON logs
// and EMF metrics are for CloudWatch; set POWERTOOLS_LOG_LEVEL=INFO to see the logs locally.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
