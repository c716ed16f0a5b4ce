import { componentBody, createBody, parseChanges, releaseBody } from './bodies';

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

  it('sends a component as the create route takes it: name, title, primary, a description only when given', () => {
    expect(componentBody({ name: 'ghcr.io/org/controller:v1', title: 'Controller', description: '', primary: false })).toEqual({
      name: 'ghcr.io/org/controller:v1',
      title: 'Controller',
      primary: false,
    });
    expect(componentBody({ name: 'webhook', title: 'Webhook', description: 'Admits', primary: true })).toEqual({ name: 'webhook', title: 'Webhook', primary: true, description: 'Admits' });
  });

  it('sends a release with its changes, a picked day as an RFC 3339 time, nothing for an empty day', () => {
    expect(releaseBody({ version: ' v1.2.0 ', released_on: '2025-03-01', changes: 'added: Gateway API support' })).toEqual({
      version: 'v1.2.0',
      changes: [{ kind: 'added', description: 'Gateway API support' }],
      released_on: '2025-03-01T00:00:00Z',
    });
    expect(releaseBody({ version: '1.2.0', released_on: '', changes: '' })).toEqual({ version: '1.2.0', changes: [] });
  });

  it('leaves a day it cannot read for the API to refuse, instead of failing in the page', () => {
    expect(releaseBody({ version: '1.2.0', released_on: 'March 1st', changes: '' })).toMatchObject({ released_on: 'March 1st' });
  });
});
