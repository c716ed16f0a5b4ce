import { createBody, parseChanges } from './bodies';

const values = { title: 'Argo CD', system: 'kustomize', aliases: '', description: '', scheme: 'unknown', cycle: 'none', support: 'none', interval: '' };

describe('form bodies', () => {
  it('sends only what was given, with the versioning as chosen', () => {
    expect(createBody(values)).toEqual({ title: 'Argo CD', system: 'kustomize', versioning: { scheme: 'unknown', release_cycle: 'none', support_model: 'none' } });
  });

  it('splits aliases on spaces and commas and sends the interval as a number', () => {
    const body = createBody({ ...values, aliases: 'argo-cd, argocd  gitops', interval: '30', description: 'GitOps' });
    expect(body).toMatchObject({ aliases: ['argo-cd', 'argocd', 'gitops'], description: 'GitOps', versioning: { release_interval_days: 30 } });
  });

  it('reads one change per line, a known kind before a colon, else "changed"', () => {
    expect(parseChanges('fixed: a crash on start\n\n  security: CVE-2026-1 \nbumped the chart\nnote: kept as text')).toEqual([
      { kind: 'fixed', description: 'a crash on start' },
      { kind: 'security', description: 'CVE-2026-1' },
      { kind: 'changed', description: 'bumped the chart' },
      { kind: 'changed', description: 'note: kept as text' },
    ]);
  });
});
