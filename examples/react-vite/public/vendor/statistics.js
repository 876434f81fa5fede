// Stands in for a statistics script the app itself loads inside <Consent category="analytics">.
window.statisticsRuns = (window.statisticsRuns || 0) + 1;
