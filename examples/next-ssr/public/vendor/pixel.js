// Stands in for an analytics pixel (the configuration's pixelUrl): the widget loads it only while analytics is granted.
window.pixelRuns = (window.pixelRuns || 0) + 1;
