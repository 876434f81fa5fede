// The banner's end-to-end flows, its layout, the policy page's cookie declaration and the widget's
// preloads in WebKit, Safari's engine (WebKitGTK's MiniBrowser through WebKitWebDriver and selenium-webdriver, on its own Xvfb display).
import { engineForSuite } from '../support/engines/index.mjs';
import { bannerFlows } from './banner_flows.mjs';
import { bannerLayout } from './banner_layout.mjs';
import { declarationFlows } from './declaration.mjs';
import { trackerFlows } from './tracker_flows.mjs';
import { widgetFetchChecks } from './widget_fetches.mjs';

const engine = engineForSuite('webkit');
bannerFlows(engine);
bannerLayout(engine);
declarationFlows(engine);
widgetFetchChecks(engine);
trackerFlows(engine);
