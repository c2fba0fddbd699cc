import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { REPORT_CSS, REPORT_SCRIPT, seriesToggleCss } from '../../../src/report/html/html-report-assets.ts';

/** Just enough DOM for the legend script: buttons with data-series and a body class list. */
function fakeDocument(ids: string[]) {
  const classes = new Set<string>();
  const buttons = ids.map((id) => {
    const attributes = new Map([['data-series', id], ['aria-pressed', 'true']]);
    const listeners: (() => void)[] = [];
    return {
      getAttribute: (name: string) => attributes.get(name) ?? null,
      setAttribute: (name: string, value: string) => attributes.set(name, value),
      addEventListener: (_: string, fn: () => void) => listeners.push(fn),
      click: () => {
        for (const fn of listeners) fn();
      },
    };
  });
  const document = {
    body: {
      classList: {
        toggle: (name: string) => {
          if (classes.delete(name)) return false;
          classes.add(name);
          return true;
        },
      },
    },
    querySelectorAll: (selector: string) => {
      const one = /^button\[data-series="(.*)"\]$/.exec(selector);
      return one ? buttons.filter((b) => b.getAttribute('data-series') === one[1]) : buttons;
    },
  };
  return { document, buttons, classes };
}

describe('report assets', () => {
  it('a legend button hides its series in every chart and mirrors the state in aria-pressed', () => {
    const { document, buttons, classes } = fakeDocument(['s1', 's2', 's1']);
    runInNewContext(REPORT_SCRIPT, { document });
    buttons[0]?.click();
    expect([...classes]).toEqual(['hide-s1']);
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true', 'false']);
    buttons[2]?.click();
    expect([...classes]).toEqual([]);
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'true', 'true']);
  });

  it('one hide rule per series, with ids made safe', () => {
    const css = seriesToggleCss(new Map([['istio 1.28', { color: '#000', dash: '', marker: 'circle' as const }]]));
    expect(css).toBe(
      'body.hide-istio-1-28 .series[data-series="istio-1-28"] { display: none; } body.hide-istio-1-28 button[data-series="istio-1-28"] { opacity: 0.45; text-decoration: line-through; }',
    );
    expect(seriesToggleCss(new Map())).toBe('');
  });

  it('the stylesheet loads nothing from outside the page', () => {
    expect(REPORT_CSS).not.toMatch(/url\(|@import/);
  });
});
