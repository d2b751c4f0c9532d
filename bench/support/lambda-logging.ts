// Imported before anything that builds the Powertools logger or metrics: log as the deployed
// functions do (INFO, EMF metrics on) so the bytes CloudWatch Logs would ingest can be counted.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
