/**
 * The report's inline stylesheet and its one small script (legend buttons toggle a series in
 * every chart). Nothing is loaded from the network: the file works offline and from file://.
 */
import type { SeriesStyle } from '../svg/chart-palette.ts';
import { safeId } from '../svg/svg-markup.ts';

/** Page styles: light background, system fonts, printable. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1a1a1a; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { margin: 2px 0; color: #444444; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e4; }
h3 { font-size: 15px; margin: 14px 0 6px; }
h3 small { font-weight: normal; color: #555555; margin: 0 6px; }
section { margin: 26px 0; }
p.note { color: #444444; margin: 4px 0 10px; max-width: 90ch; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.grid.compact { grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
figure { margin: 0; border: 1px solid #dddddd; border-radius: 6px; padding: 10px 12px 8px; background: #ffffff; break-inside: avoid; }
figure h3 { margin: 0 0 4px; }
figcaption { font-size: 12.5px; color: #444444; margin-top: 4px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart .point { cursor: default; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 10px; margin: 2px 0 4px; padding: 0; font-size: 12.5px; align-items: center; }
ul.legend button { font: inherit; color: inherit; background: none; border: 1px solid transparent; border-radius: 4px; padding: 1px 5px; cursor: pointer; display: inline-flex; gap: 5px; align-items: center; }
ul.legend button:hover, ul.legend button:focus-visible { border-color: #999999; }
ul.legend .legend-note { color: #555555; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; vertical-align: baseline; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e8e8e8; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; border-bottom: 2px solid #d0d0d0; vertical-align: bottom; }
table.summary td:first-child, table.summary td:nth-child(2) { white-space: nowrap; }
th[title] { text-decoration: underline dotted #888888; cursor: help; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.none { color: #666666; font-style: italic; }
table.reps td:last-child, table.issues td:last-child { min-width: 24ch; }
table.issues td:nth-child(4) { white-space: nowrap; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11.5px; background: #f6f6f6; padding: 4px 6px; margin: 0; white-space: pre-wrap; word-break: break-word; }
details > summary { cursor: pointer; color: #0b4f8a; margin: 4px 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11.5px; font-weight: 700; white-space: nowrap; }
.badge.ok { background: #e3f2e6; color: #14532d; border: 1px solid #8fc79b; }
.badge.warn { background: #fff4d6; color: #6b4700; border: 1px solid #e0b84f; }
.badge.bad { background: #b00020; color: #ffffff; border: 1px solid #8a0019; }
.alert { border: 1px solid; border-left-width: 8px; border-radius: 6px; padding: 10px 16px 12px; }
.alert h2 { border: none; margin-bottom: 4px; }
.alert.ok { border-color: #2e7d32; background: #f1f8f2; }
.alert.warn { border-color: #b7791f; background: #fffaf0; }
.alert.bad { border-color: #b00020; background: #fff5f6; }
.alert table { background: #ffffff; }
.verification h3 .badge { margin-left: 4px; }
footer { margin-top: 36px; color: #555555; font-size: 12px; border-top: 1px solid #e4e4e4; padding-top: 8px; }
@media print { ul.legend button { border: none; } details { display: block; } }
`;

/** Per-series rules that hide a series (class `hide-<id>` on body) and dim its legend entries. */
export function seriesToggleCss(styles: ReadonlyMap<string, SeriesStyle>): string {
  return [...styles.keys()]
    .map((id) => safeId(id))
    .map((id) => `body.hide-${id} .series[data-series="${id}"] { display: none; } body.hide-${id} button[data-series="${id}"] { opacity: 0.45; text-decoration: line-through; }`)
    .join('\n');
}

/** Legend buttons toggle their series in every chart; aria-pressed mirrors the state. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-series]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener('click', function () {
      var id = button.getAttribute('data-series');
      var hidden = document.body.classList.toggle('hide-' + id);
      Array.prototype.forEach.call(document.querySelectorAll('button[data-series="' + id + '"]'), function (other) {
        other.setAttribute('aria-pressed', hidden ? 'false' : 'true');
      });
    });
  });
})();
`;
