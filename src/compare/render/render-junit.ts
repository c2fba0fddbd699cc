/**
 * JUnit XML for CI test reporters: one <testsuite> per level, one <testcase> per check.
 * Gating regression → <failure>, gating invalid → <error>, inconclusive → <skipped>;
 * non-gating regressions pass with a warning in <system-out>, non-gating invalid data is
 * <skipped>. Pure.
 *
 * Source of the mapping and schema: docs/gate.md §7 (Jenkins/Ant junit-4 XSD: testsuites > testsuite(name tests failures errors skipped time) > properties,
 * testcase(classname name time) > failure|error|skipped, system-out).
 */
import type { CheckResult, GateReport, LevelResult } from '../gate/gate-report.ts';
import { formatP, formatRps, formatSideMedian } from '../gate/metric-format.ts';
import { describeCheck } from '../gate/outcome-headline.ts';

/** Characters XML 1.0 allows. */
function allowedInXml(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return [...text]
    .filter(allowedInXml)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

type CaseKind = 'pass' | 'failure' | 'error' | 'skipped';

function kindOf(check: CheckResult): CaseKind {
  if (check.verdict === 'regression') return check.gating ? 'failure' : 'pass';
  if (check.verdict === 'invalid') return check.gating ? 'error' : 'skipped';
  if (check.verdict === 'inconclusive') return 'skipped';
  return 'pass';
}

function details(check: CheckResult): string {
  return [
    `verdict: ${check.verdict}${check.gating ? '' : ` (${check.role}, not gating)`}`,
    `reason: ${check.reason}`,
    `base median: ${formatSideMedian(check.base, check.unit)} (n=${check.base.n}/${check.base.total})`,
    `head median: ${formatSideMedian(check.head, check.unit)} (n=${check.head.n}/${check.head.total})`,
    `p (one-sided, worse): ${formatP(check.pWorse)}; Holm-adjusted: ${formatP(check.pAdjusted)}; method: ${check.method ?? '-'}`,
  ].join('\n');
}

function testcase(check: CheckResult, level: LevelResult): string {
  const attrs = `classname="${escapeXml(`meshbench.gate.${level.targetRps}rps`)}" name="${escapeXml(`${check.checkId} (${check.role})`)}" time="0"`;
  const message = escapeXml(`${describeCheck(check)} (n=${check.base.n}/${check.head.n}): ${check.reason}`);
  const body = escapeXml(details(check));
  switch (kindOf(check)) {
    case 'failure':
      return `    <testcase ${attrs}>\n      <failure message="${message}" type="${check.critical ? 'critical-regression' : 'regression'}">${body}</failure>\n    </testcase>`;
    case 'error':
      return `    <testcase ${attrs}>\n      <error message="${message}" type="invalid">${body}</error>\n    </testcase>`;
    case 'skipped':
      return `    <testcase ${attrs}>\n      <skipped message="${message}"/>\n      <system-out>${body}</system-out>\n    </testcase>`;
    case 'pass':
      return `    <testcase ${attrs}>\n      <system-out>${check.verdict === 'regression' ? 'warning: ' : ''}${body}</system-out>\n    </testcase>`;
  }
}

function counts(checks: readonly CheckResult[]): { tests: number; failures: number; errors: number; skipped: number } {
  const kinds = checks.map(kindOf);
  return {
    tests: checks.length,
    failures: kinds.filter((k) => k === 'failure').length,
    errors: kinds.filter((k) => k === 'error').length,
    skipped: kinds.filter((k) => k === 'skipped').length,
  };
}

function countAttrs(c: ReturnType<typeof counts>): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0"`;
}

/** Renders the report as a JUnit XML document. */
export function renderJunit(report: GateReport): string {
  const property = (name: string, value: string) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`;
  const suites = report.levels.map((level) => {
    const props = [
      property('base', `${report.base.targetName} ${report.base.version ?? ''}`.trim()),
      property('head', `${report.head.targetName} ${report.head.version ?? ''}`.trim()),
      property('base.valid', `${level.base.valid}/${level.base.total}`),
      property('head.valid', `${level.head.valid}/${level.head.total}`),
      property('gate', report.gate.name),
      property('familyAlpha', String(report.gate.familyAlpha)),
      property('extended', String(report.gate.extended)),
    ];
    return [
      `  <testsuite name="${escapeXml(`meshbench gate ${formatRps(level.targetRps)}`)}" ${countAttrs(counts(level.checks))}>`,
      '    <properties>',
      ...props,
      '    </properties>',
      ...level.checks.map((c) => testcase(c, level)),
      '  </testsuite>',
    ].join('\n');
  });
  const all = counts(report.levels.flatMap((l) => l.checks));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`meshbench gate: ${report.headline}`)}" ${countAttrs(all)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
