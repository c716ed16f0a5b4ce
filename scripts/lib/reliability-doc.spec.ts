import { BEGIN, END, renderReport, replaceSection } from './reliability-doc.mjs';

const report = {
  suite: 'crash',
  finishedAt: '2026-12-03T08:00:00.000Z',
  seconds: 125,
  passed: 3,
  failed: 1,
  node: 'v20.20.2',
  natsServer: 'nats-server: v2.9.10',
  cores: 2,
  loadAverage: [4.1, 3, 2.5],
  scenarios: [
    {
      name: 'chaos',
      seconds: 100.5,
      figures: { sent: 200, acknowledged: 190, lost: 0, duplicated: 0, staleReads: 0, recoverMs: 6500, recoverWhat: 'slowest kill', notes: ['killed mid-batch: open 12 ms'] },
      checks: [{ name: 'lost = 0', ok: true }, { name: 'stale reads = 0', ok: false }],
    },
    { name: 'regression', seconds: 20, figures: { sent: 10, acknowledged: 10, recoverMs: 4600, recoverWhat: 'detection' }, checks: [{ name: 'detected', ok: true }] },
    { name: 'broken', seconds: 1, checks: [{ name: 'broken ran to the end', ok: true }] },
  ],
};

describe('reliability doc', () => {
  it('renders each scenario’s figures, "—" for what a scenario does not measure, and failed checks by name', () => {
    const text = renderReport(report);
    expect(text).toContain('**3 passed, 1 failed** in 2 min 5 s (nats-server: v2.9.10, Node v20.20.2, 2 cores, load average 4.1 / 3 / 2.5)');
    expect(text).toContain('| chaos | 200 | 190 (95.0 %) | 0 | 0 | 0 | 6.5 s: slowest kill |');
    expect(text).toContain('| regression | 10 | 10 (100.0 %) | — | — | — | 4.6 s: detection |');
    expect(text).toContain('| broken | — | — | — | — | — | (no figures: the scenario did not finish) |');
    expect(text).toContain('- **chaos** (100.5 s): 1 of 2 passed; FAILED: stale reads = 0\n  - measured: killed mid-batch: open 12 ms\n  - pass: lost = 0');
  });

  it('replaces only the marked section, and refuses a document without markers', () => {
    const doc = `# Title\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
    expect(replaceSection(doc, 'new')).toBe(`# Title\n\n${BEGIN}\nnew\n${END}\n\nafter\n`);
    expect(() => replaceSection('# no markers', 'new')).toThrow(/no <!-- last-run:begin/);
  });
});
