import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../src/report/csv-export.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import { buildSyntheticResult } from '../helpers/report-fixtures.ts';

/** RFC 4180 parser for the test: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [1250.5, '1250.5'],
    [Number.NaN, ''],
    [null, ''],
    [true, 'true'],
  ] as const)('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('renderCsv', () => {
  const result = buildSyntheticResult({
    name: 'istio-sidecar',
    mesh: 'istio',
    mode: 'sidecar',
    version: '1.28.1',
    levelsRps: [100, 300],
    repetitions: 3,
    samplesPerRepetition: 300,
    medianUs: 800,
    sigma: 0.3,
    seed: 4,
    hostCoreSecondsPer1kRequests: 0.6,
    dataPlane: [{ component: 'istio-proxy', instances: 2, vcpuPer1kRps: 0.4, memoryPerInstanceMib: 50 }],
    invalid: [{ levelRps: 300, repetition: 1, reason: 'achieved 279 rps < 297 rps, "saturated", retry' }],
  });
  const text = renderCsv(buildReportData([{ path: 'results/a,b.json', result }]));
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);

  it('has the header, CRLF line ends and the same number of fields on every row', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    for (const row of body) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('writes one row per target × level × repetition followed by a pooled row per level', () => {
    expect(body.map((r) => `${r[col('row_kind')]}:${r[col('target_rps')]}:${r[col('repetition')]}`)).toEqual([
      'repetition:100:0',
      'repetition:100:1',
      'repetition:100:2',
      'pooled:100:',
      'repetition:300:0',
      'repetition:300:1',
      'repetition:300:2',
      'pooled:300:',
    ]);
  });

  it('escapes commas and quotes and keeps units in column names', () => {
    const invalid = body.find((r) => r[col('row_kind')] === 'repetition' && r[col('valid')] === 'false');
    expect(invalid?.[col('file')]).toBe('results/a,b.json');
    expect(invalid?.[col('invalid_reasons')]).toBe('achieved 279 rps < 297 rps, "saturated", retry');
    expect(CSV_COLUMNS.filter((c) => /latency|service_time/.test(c) && c !== 'latency_count').every((c) => c.endsWith('_us'))).toBe(true);
  });

  it('fills pooled rows from merged histograms of the valid repetitions', () => {
    const pooled = body.find((r) => r[col('row_kind')] === 'pooled' && r[col('target_rps')] === '300');
    expect(pooled?.[col('valid_repetitions')]).toBe('2');
    expect(pooled?.[col('total_repetitions')]).toBe('3');
    expect(pooled?.[col('latency_count')]).toBe('600');
    expect(Number(pooled?.[col('latency_p99_us')])).toBeGreaterThan(Number(pooled?.[col('latency_p50_us')]));
    expect(Number(pooled?.[col('data_plane_vcpu_per_1k_rps')])).toBeCloseTo(0.4, 1);
    expect(Number(pooled?.[col('data_plane_memory_per_instance_bytes')]) / 1024 / 1024).toBeCloseTo(50, 0);
    const rep = body[0];
    expect(rep?.[col('window_start')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rep?.[col('scenario_hash')]).toMatch(/^sha256:/);
  });
});
