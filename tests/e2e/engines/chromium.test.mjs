// The banner's end-to-end flows, its layout and the widget's preloads in Chromium (Debian's chromium, through Playwright).
import { engineForSuite } from '../support/engines/index.mjs';
import { bannerFlows } from './banner_flows.mjs';
import { bannerLayout } from './banner_layout.mjs';
import { trackerFlows } from './tracker_flows.mjs';
import { widgetFetchChecks } from './widget_fetches.mjs';

const engine = engineForSuite('chromium');
bannerFlows(engine);
bannerLayout(engine);
widgetFetchChecks(engine);
trackerFlows(engine);
