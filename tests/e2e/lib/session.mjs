// One gateway (with these settings) and one browser per test file: started before its tests and handed to
// `use`, stopped after them.
import { before, after } from 'node:test';
import { startGateway } from './gateway.mjs';
import { launch } from './browser.mjs';

export function gatewayAndBrowser(settings, use) {
  let gateway;
  let browser;
  before(async () => {
    gateway = await startGateway(settings);
    browser = await launch();
    use({ gateway, browser });
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
  });
}
