/**
 * Loads a generated report in headless Chromium: no script errors, no console output, nothing
 * fetched, every chart laid out, the legend toggle works under the report's CSP; and a
 * screenshot renders. `MESHBENCH_UPDATE_SCREENSHOT=1` also writes docs/report-screenshot.png.
 * One Chromium launch serves every check (chromium-session.ts), each page in its own tab.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { featureMatrixSources } from '../../helpers/feature-matrix-fixtures.ts';
import { sweepSources } from '../../helpers/mesh-size-fixtures.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';
import { ChromiumSession } from '../../helpers/chromium-session.ts';
import { findChromium, htmlAttribute, pngSize } from '../../helpers/headless-chromium.ts';

const chromium = findChromium();
const SKIP_NOTE = chromium ? '' : ' (SKIPPED: no Chromium found; apt-get install -y chromium or set CHROMIUM_PATH)';

/**
 * Test-only probe, inserted before the report's CSP meta (so the policy does not apply to it):
 * records errors, console.error/warn, CSP violations and resource loads into attributes of
 * <html>, which the dumped DOM then shows; on load it clicks a legend button.
 */
const PROBE = `<script>
(function () {
  var problems = [];
  var root = document.documentElement;
  function put() { root.setAttribute('data-test-problems', JSON.stringify(problems)); }
  window.addEventListener('error', function (e) {
    var t = e.target;
    problems.push('error: ' + (e.message || (t && (t.src || t.href)) || 'resource failed'));
    put();
  }, true);
  window.addEventListener('unhandledrejection', function (e) { problems.push('rejection: ' + e.reason); put(); });
  document.addEventListener('securitypolicyviolation', function (e) { problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI); put(); });
  ['error', 'warn'].forEach(function (level) {
    var original = console[level];
    console[level] = function () { problems.push('console.' + level + ': ' + Array.prototype.join.call(arguments, ' ')); put(); return original.apply(console, arguments); };
  });
  put();
  window.addEventListener('load', function () {
    root.setAttribute('data-test-resources', JSON.stringify(performance.getEntriesByType('resource').map(function (r) { return r.name; })));
    var charts = document.querySelectorAll('svg.chart');
    root.setAttribute('data-test-charts', String(charts.length));
    root.setAttribute('data-test-laid-out', String(Array.prototype.filter.call(charts, function (c) {
      var box = c.getBoundingClientRect(); return box.width > 200 && box.height > 100;
    }).length));
    var button = document.querySelector('button[data-series="s1"]');
    var series = document.querySelector('.series[data-series="s1"]');
    if (button && series) {
      button.click();
      var hidden = getComputedStyle(series).display + '|' + button.getAttribute('aria-pressed');
      button.click();
      root.setAttribute('data-test-toggle', hidden + '|' + getComputedStyle(series).display + '|' + button.getAttribute('aria-pressed'));
    }
    root.setAttribute('data-test-ready', 'yes');
  });
})();
</script>`;

describe(`HTML report in headless Chromium${SKIP_NOTE}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-report-browser-'));
  const html = renderHtmlReport(buildReportData(realisticReportSources()), {
    generatedAt: '2026-11-20T10:00:00Z',
    generatorVersion: '0.1.0',
    title: 'meshbench report: baseline vs istio-sidecar vs istio-ambient (synthetic example)',
  });
  let browser: ChromiumSession | undefined;
  beforeAll(async () => {
    if (chromium) browser = await ChromiumSession.launch(chromium);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!chromium)('renders with no errors or console output, fetches nothing, lays out every chart', async () => {
    const file = join(dir, 'probed.html');
    writeFileSync(file, html.replace('<head>\n', `<head>\n${PROBE}\n`));
    const run = await (browser as ChromiumSession).visit({ file, readyAttribute: 'data-test-ready' });
    expect(htmlAttribute(run.dom, 'data-test-ready')).toBe('yes');
    expect(JSON.parse(htmlAttribute(run.dom, 'data-test-problems') ?? 'null')).toEqual([]);
    expect(run.consoleLines).toEqual([]);
    expect(JSON.parse(htmlAttribute(run.dom, 'data-test-resources') ?? 'null')).toEqual([]);
    expect(htmlAttribute(run.dom, 'data-test-charts')).toBe('10');
    expect(htmlAttribute(run.dom, 'data-test-laid-out')).toBe('10');
    // Hidden after the first click (aria-pressed false), shown again after the second.
    expect(htmlAttribute(run.dom, 'data-test-toggle')).toBe('none|false|inline|true');
    expect(run.dom.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart"/g)).toHaveLength(10);
  });

  it.skipIf(!chromium)('the probe catches what it should (negative control): blocked fetches and foreign scripts', async () => {
    const file = join(dir, 'broken.html');
    const broken = html
      .replace('<head>\n', `<head>\n${PROBE}\n`)
      .replace('<main>', '<main><img alt="" src="http://127.0.0.1:9/x.png"><script>window.injected = 1;</script>');
    writeFileSync(file, broken);
    const run = await (browser as ChromiumSession).visit({ file, readyAttribute: 'data-test-ready' });
    const problems = JSON.parse(htmlAttribute(run.dom, 'data-test-problems') ?? '[]') as string[];
    expect(problems, JSON.stringify(problems)).toContainEqual(expect.stringMatching(/^csp: img-src/));
    expect(problems.some((p) => p.startsWith('csp: script-src'))).toBe(true);
    expect(run.consoleLines.length).toBeGreaterThan(0);
  });

  it.skipIf(!chromium)('takes a 1280×2400 screenshot', async () => {
    const file = join(dir, 'report.html');
    const png = join(dir, 'report.png');
    writeFileSync(file, html);
    const run = await (browser as ChromiumSession).visit({ file, width: 1280, height: 2400, screenshot: true });
    writeFileSync(png, run.screenshot ?? Buffer.alloc(0));
    const bytes = readFileSync(png);
    expect(pngSize(bytes)).toEqual({ width: 1280, height: 2400 });
    expect(bytes.length).toBeGreaterThan(50_000);
    if (process.env['MESHBENCH_UPDATE_SCREENSHOT'] === '1') copyFileSync(png, join(import.meta.dirname, '../../../docs/report-screenshot.png'));
  });

  it.skipIf(!chromium)('a feature-matrix report: the cost-of-features table and charts render, their legend toggles', async () => {
    const file = join(dir, 'features.html');
    const page = renderHtmlReport(buildReportData(featureMatrixSources()), { generatedAt: '2026-11-20T10:00:00Z', generatorVersion: '0.1.0' });
    writeFileSync(file, page.replace('<head>\n', `<head>\n${PROBE.replace(/"s1"/g, '"fc-p99"')}\n`));
    const run = await (browser as ChromiumSession).visit({ file, readyAttribute: 'data-test-ready' });
    expect(htmlAttribute(run.dom, 'data-test-ready')).toBe('yes');
    expect(JSON.parse(htmlAttribute(run.dom, 'data-test-problems') ?? 'null')).toEqual([]);
    const charts = Number(htmlAttribute(run.dom, 'data-test-charts'));
    expect(charts).toBeGreaterThanOrEqual(3);
    expect(htmlAttribute(run.dom, 'data-test-laid-out')).toBe(String(charts));
    expect(htmlAttribute(run.dom, 'data-test-toggle')).toBe('none|false|inline|true');
    expect(run.dom).toContain('Cost of features');
    expect(run.dom.match(/<path class="interval"/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!chromium)('a mesh-size report: the table and the three charts against N render, their legend toggles', async () => {
    const file = join(dir, 'mesh-size.html');
    const sources = [
      ...sweepSources({ target: 'istio-sidecar', platform: 'kind', counts: [0, 50, 500], reps: 2, proxyMib: (n) => 30 + n / 20, controlPlane: (n) => ({ vcpu: 0.02 + n / 20_000, mib: 80 + n / 4 }) }),
      ...sweepSources({ target: 'linkerd', platform: 'kind', counts: [0, 50, 500], reps: 2, proxyMib: () => 12, controlPlane: () => ({ vcpu: 0.01, mib: 60 }) }),
    ];
    const page = renderHtmlReport(buildReportData(sources), { generatedAt: '2026-11-20T10:00:00Z', generatorVersion: '0.1.0' });
    writeFileSync(file, page.replace('<head>\n', `<head>\n${PROBE.replace(/"s1"/g, '"ms-0"')}\n`));
    const run = await (browser as ChromiumSession).visit({ file, readyAttribute: 'data-test-ready' });
    expect(htmlAttribute(run.dom, 'data-test-ready')).toBe('yes');
    expect(JSON.parse(htmlAttribute(run.dom, 'data-test-problems') ?? 'null')).toEqual([]);
    const charts = Number(htmlAttribute(run.dom, 'data-test-charts'));
    expect(htmlAttribute(run.dom, 'data-test-laid-out')).toBe(String(charts));
    expect(htmlAttribute(run.dom, 'data-test-toggle')).toBe('none|false|inline|true');
    expect(run.dom).toContain('Mesh size: idle Services');
    for (const id of ['chart-mesh-size-proxy-memory', 'chart-mesh-size-cp-vcpu', 'chart-mesh-size-cp-memory']) expect(run.dom).toContain(`id="${id}"`);
  });
});
