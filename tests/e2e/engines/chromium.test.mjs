// The banner's end-to-end flows, its layout, the policy page's cookie declaration and the widget's
// preloads in Chromium (Debian's chromium, through Playwright).
import { engineForSuite } from '../support/engines/index.mjs';
import { bannerFlows } from './banner_flows.mjs';
import { bannerLayout } from './banner_layout.mjs';
import { declarationFlows } from './declaration.mjs';
import { trackerFlows } from './tracker_flows.mjs';
import { widgetFetchChecks } from './widget_fetches.mjs';

const engine = engineForSuite('chromium');
bannerFlows(engine);
bannerLayout(engine);
declarationFlows(engine);
widgetFetchChecks(engine);
trackerFlows(engine);
