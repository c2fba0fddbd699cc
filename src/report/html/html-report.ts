/**
 * `bench report --html`: one self-contained HTML file (inline CSS, inline SVG charts drawn here,
 * one small inline script for legend toggles; nothing fetched, works offline). Validity problems
 * come first, then the headline numbers, the latency charts, the cost charts, and the metadata
 * and evidence a reader needs to trust them. Pure: pooled data in, HTML string out.
 */
import { createHash } from 'node:crypto';
import { computeBaselineDeltas } from '../baseline-delta.ts';
import { baselineDeltaFigures } from '../svg/baseline-delta-figures.ts';
import { assignSeriesStyles, markerMarkup } from '../svg/chart-palette.ts';
import { costFigures } from '../svg/cost-figures.ts';
import { computeFeatureCosts } from '../feature-costs.ts';
import { FEATURE_COST_SERIES, featureCostFigures } from '../svg/feature-cost-figures.ts';
import { featureCostTable } from './html-feature-costs.ts';
import { computeMeshSize, type MeshSizePoint } from '../mesh-size.ts';
import { meshSizeFigures } from '../svg/mesh-size-figures.ts';
import { meshSizeTable } from './html-mesh-size.ts';
import { claimsTable } from './html-claims.ts';
import { checkClaims } from '../claims-check.ts';
import type { Claim } from '../../config/claims-schema.ts';
import { REPORT_CSS, REPORT_SCRIPT, seriesToggleCss } from './html-report-assets.ts';
import { baselineDeltaTable, componentTable, repetitionTable, summaryTable } from './html-measurement-tables.ts';
import { metadataTable, validitySection, verificationSection } from './html-run-sections.ts';
import { latencyVsRateFigure } from '../svg/latency-vs-rate-figure.ts';
import type { Figure, FigureContext, LegendEntry } from '../svg/report-figures.ts';
import { formatRps } from '../report-format.ts';
import { collectReportIssues } from '../report-issues.ts';
import type { ReportData } from '../report-model.ts';
import { spectrumFigures } from '../svg/spectrum-figures.ts';
import { escapeMarkup, safeId } from '../svg/svg-markup.ts';

export interface HtmlReportOptions {
  /** ISO time the report was generated (passed in: rendering is pure). */
  generatedAt: string;
  /** Page title; defaults to a summary of the targets. */
  title?: string | undefined;
  /** Version of the meshbench that rendered the report. */
  generatorVersion?: string | undefined;
  /** Published claims to set beside the measurements (claims/published.yaml); none = no section. */
  claims?: readonly Claim[] | undefined;
}

/**
 * Nothing may be fetched (offline by construction) and only the report's own script may run,
 * pinned by its hash, so text from a result file can never execute even if escaping failed.
 */
export function contentSecurityPolicy(): string {
  const scriptHash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
}

function legendSwatch(entry: LegendEntry): string {
  const { color, dash, marker } = entry.style;
  if (entry.kind === 'bar') {
    return `<svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true"><rect x="1" y="1" width="12" height="10" fill="${color}"/></svg>`;
  }
  return [
    '<svg width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">',
    `<line x1="1" y1="6" x2="29" y2="6" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    markerMarkup({ shape: marker, x: 15, y: 6, size: 7, color }),
    '</svg>',
  ].join('');
}

function legendMarkup(figure: Figure): string {
  const items = figure.legend.map(
    (e) =>
      `<li><button type="button" data-series="${safeId(e.seriesId)}" aria-pressed="true" title="show or hide ${escapeMarkup(e.label)} in every chart">${legendSwatch(e)}${escapeMarkup(e.label)}</button></li>`,
  );
  if (figure.legendNote) items.push(`<li class="legend-note">${escapeMarkup(figure.legendNote)}</li>`);
  return `<ul class="legend" aria-label="legend">${items.join('')}</ul>`;
}

function figureMarkup(figure: Figure): string {
  return [
    `<figure id="${escapeMarkup(figure.id)}">`,
    `<h3>${escapeMarkup(figure.title)}</h3>`,
    legendMarkup(figure),
    figure.svg,
    `<figcaption>${escapeMarkup(figure.caption)}</figcaption>`,
    '</figure>',
  ].join('\n');
}

function gridOf(figures: readonly Figure[]): string {
  const compact = figures.length > 0 && figures.every((f) => f.compact);
  return `<div class="grid${compact ? ' compact' : ''}">\n${figures.map(figureMarkup).join('\n')}\n</div>`;
}

function section(options: { id: string; title: string; intro?: string; body: string }): string {
  return [
    `<section id="${options.id}" aria-labelledby="${options.id}-h">`,
    `<h2 id="${options.id}-h">${escapeMarkup(options.title)}</h2>`,
    options.intro ? `<p class="note">${options.intro}</p>` : '',
    options.body,
    '</section>',
  ].join('\n');
}

function defaultTitle(data: ReportData): string {
  const labels = data.series.map((s) => s.label);
  return labels.length ? `meshbench report: ${labels.join(' vs ')}` : 'meshbench report';
}

function baselineSection(ctx: FigureContext): string {
  const deltas = computeBaselineDeltas(ctx.data);
  const hasBaseline = ctx.data.series.some((s) => s.isBaseline);
  if (!hasBaseline) {
    return section({
      id: 'overhead',
      title: 'Latency added over baseline',
      body: '<p class="note"><strong>No baseline was given.</strong> None of the inputs measured a target without a mesh (mesh <code>none</code>), so the latency each mesh adds cannot be shown. Absolute latencies on kind depend on the host; run <code>bench run baseline</code> on the same machine and pass its result file too.</p>',
    });
  }
  const figures = baselineDeltaFigures(ctx, deltas);
  return section({
    id: 'overhead',
    title: 'Latency added over baseline',
    intro:
      'Pooled percentile of each target minus the no-mesh baseline’s at the same target rate (same platform and scenario where available). This is the number that carries over between hosts; the absolute numbers do not.',
    body: `${figures.length ? gridOf(figures) : '<p class="note">No level was measured by both a target and the baseline.</p>'}\n${baselineDeltaTable(deltas)}`,
  });
}

/** The cost-of-features section, or nothing when no input is a feature-matrix batch. */
function featureCostSection(data: ReportData): string {
  const costs = computeFeatureCosts(data.sources);
  if (costs.length === 0) return '';
  return section({
    id: 'feature-costs',
    title: 'Cost of features',
    intro:
      'Each feature of a <code>--features-matrix</code> batch was measured switched on, interleaved (ABBA) with an arm that has the listed features off, on the same host. A cost is the paired Hodges-Lehmann estimate of the within-pair difference, with its distribution-free interval: the statistics <code>bench compare</code> uses for paired windows. An interval that contains 0 means no cost was resolved at this sample size.',
    body: `${featureCostTable(costs)}\n${gridOf(featureCostFigures(costs))}`,
  });
}

/** The mesh-size section, or nothing when no target was measured at two or more idle-service counts. */
function meshSizeSection(points: readonly MeshSizePoint[], figures: readonly Figure[]): string {
  if (points.length === 0) return '';
  return section({
    id: 'mesh-size',
    title: 'Mesh size: idle Services',
    intro:
      'Each target measured with different numbers of idle Services (<code>workload.idleServices</code>; a list in one scenario runs one arm per count). The idle Services carry no traffic: what grows is the configuration every proxy holds and the control plane computes and pushes. On Kubernetes the control-plane containers are metered beside the data plane; on the local platform the idle Services are idle backends in the haproxy sidecars’ configuration, a stand-in, and there is no control plane.',
    body: `${meshSizeTable(points)}\n${gridOf([...figures])}`,
  });
}

/** The published-claims section, or nothing without claims. */
function claimsSection(data: ReportData, claims: readonly Claim[] | undefined): string {
  if (!claims || claims.length === 0) return '';
  return section({
    id: 'claims',
    title: 'Published claims',
    intro:
      'Figures vendors and blog posts publish, each beside the value these inputs measured for the same mesh and mode (or the local emulation of its architecture). A claim counts as reproduced or not only when every condition it was published with matches this measurement; otherwise it is marked not comparable, with the differences.',
    body: claimsTable(checkClaims(data, claims)),
  });
}

function header(data: ReportData, options: HtmlReportOptions, title: string): string {
  const levels = data.levelRps.map(formatRps).join(', ') || 'none';
  const reps = data.series.reduce((sum, s) => sum + s.levels.reduce((n, l) => n + l.repetitions.length, 0), 0);
  return [
    '<header>',
    `<h1>${escapeMarkup(title)}</h1>`,
    `<p>${data.sources.length} result file(s) · ${data.series.length} target(s) · levels: ${escapeMarkup(levels)} · ${reps} repetition(s)</p>`,
    `<p>Generated ${escapeMarkup(options.generatedAt)}${options.generatorVersion ? ` by meshbench ${escapeMarkup(options.generatorVersion)}` : ''}. Latency is timed from the intended send time of an open-loop, constant-rate schedule (no coordinated omission); pooled percentiles merge the histograms of the valid repetitions; cost numbers are medians over repetitions.</p>`,
    '</header>',
  ].join('\n');
}

/** Renders the complete HTML document. */
export function renderHtmlReport(data: ReportData, options: HtmlReportOptions): string {
  const styles = assignSeriesStyles(data.series);
  const meshSizePoints = computeMeshSize(data.sources);
  const meshSize = meshSizeFigures(meshSizePoints);
  const toggleStyles = new Map([
    ...styles,
    ...FEATURE_COST_SERIES.map((s) => [s.id, s.style] as const),
    ...meshSize.flatMap((f) => f.legend.map((e) => [e.seriesId, e.style] as const)),
  ]);
  const ctx: FigureContext = { data, styles };
  const title = options.title ?? defaultTitle(data);
  const issues = collectReportIssues(data);
  const rate = latencyVsRateFigure(ctx);
  const spectra = spectrumFigures(ctx);
  const body = [
    header(data, options, title),
    validitySection(issues),
    section({ id: 'summary', title: 'Summary', intro: 'Pooled latency (ms) and median cost per target and level. Hover a column header for how it is computed.', body: summaryTable(data, styles) }),
    baselineSection(ctx),
    featureCostSection(data),
    meshSizeSection(meshSizePoints, meshSize),
    claimsSection(data, options.claims),
    section({
      id: 'spectrum',
      title: 'Latency percentile spectrum',
      intro: 'One chart per target rate, one line per target: how latency grows towards the tail. Click a legend entry to hide or show that target in every chart.',
      body: spectra.length ? gridOf(spectra) : '<p class="note">No latency histograms in the inputs.</p>',
    }),
    section({ id: 'rate', title: 'Latency vs rate', body: rate ? gridOf([rate]) : '<p class="note">No latency data.</p>' }),
    section({
      id: 'cost',
      title: 'Data-plane and host cost',
      intro: 'CPU from cumulative counters over the measured window, memory sampled through it. Per-component numbers are in the table below the charts.',
      body: `${gridOf(costFigures(ctx))}\n<details><summary>Resources per component</summary>${componentTable(data)}</details>`,
    }),
    section({ id: 'verification', title: 'Verification evidence', intro: 'What each run checked before measuring: workloads enrolled in the mesh, mTLS enforced.', body: verificationSection(data) }),
    section({ id: 'metadata', title: 'Run metadata', body: metadataTable(data) }),
    section({
      id: 'repetitions',
      title: 'Repetitions',
      body: `<details><summary>Every repetition (${data.series.reduce((n, s) => n + s.levels.reduce((m, l) => m + l.repetitions.length, 0), 0)})</summary>${repetitionTable(data)}</details>`,
    }),
    '<footer>meshbench · self-contained report: no network access needed · colours: Okabe–Ito colour-blind-safe palette, with line dashes and marker shapes as a second cue.</footer>',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="meshbench">',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${REPORT_CSS}\n${seriesToggleCss(toggleStyles)}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body.join('\n'),
    '</main>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
