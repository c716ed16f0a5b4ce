// An account's packages (SPEC §11, §5.2): filter by state and name, order, state badges.
import { useState } from 'preact/hooks';
import { enc, get, query } from '../api';
import { useLive } from '../live';
import { href, navigate } from '../router';
import { claims } from '../session';
import type { AccountPackageList } from '../types';
import { Loading, ProblemBox } from '../ui/form';

export const STATES = ['verifying', 'available', 'corrupt', 'incomplete'];
const ORDERS: [string, string][] = [
  ['', 'Creation order'],
  ['packageName', 'Name'],
  ['packageVersion desc', 'Version, highest first'],
  ['metadata.creationTimestamp desc', 'Newest first'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const accountPath = (account: string): string => `/accounts/${enc(account)}/core/v1/packages`;
export const StateBadge = ({ state }: { state: string }) => <span class={`badge state-${state}`}>{state}</span>;

/** Which account: the token's own, as links, or (for a token valid for every account) typed in. */
export function AccountPicker() {
  const mine = (claims().accounts ?? []).filter((a) => a !== '*');
  const [account, setAccount] = useState('');
  const valid = UUID.test(account.trim());
  return (
    <section aria-labelledby="accounts-title" class="narrow">
      <h1 id="accounts-title">Accounts</h1>
      {mine.length > 0 && (
        <ul aria-label="Your accounts">
          {mine.map((a) => (
            <li key={a}>
              <a href={href(`/accounts/${a}`)}>{a}</a>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => { e.preventDefault(); if (valid) navigate(href(`/accounts/${account.trim()}`)); }}>
        <div class="field">
          <label for="account-id">Account ID</label>
          <input id="account-id" value={account} placeholder="lower-case UUID" aria-describedby="account-hint" onInput={(e) => setAccount(e.currentTarget.value)} />
          <small id="account-hint">{claims().accounts?.includes('*') ? 'Your token is valid for every account.' : 'An account your token names.'}</small>
        </div>
        <button type="submit" disabled={!valid}>Open account</button>
      </form>
    </section>
  );
}

export function AccountPackages({ account, params }: { account: string; params: URLSearchParams }) {
  const state = params.get('state') ?? '';
  const name = params.get('name') ?? '';
  const order = params.get('order') ?? '';
  const update = (change: Record<string, string>): void => navigate(href(`/accounts/${account}`, { state, name, order, ...change }), true);
  const filter = [state && `packageState eq '${state}'`, name && `packageName eq '${name.replace(/'/g, '')}'`].filter(Boolean).join(',');
  const list = useLive(async () => ({ data: (await get<AccountPackageList>(`${accountPath(account)}${query({ filter, orderBy: order, count: true })}`)).data }), [account, filter, order]);
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Packages of account <code>{account}</code></h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="f-state">State</label>
          <select id="f-state" value={state} onChange={(e) => update({ state: e.currentTarget.value })}>
            <option value="">any</option>
            {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-name">Package name</label>
          <input id="f-name" type="search" value={name} onChange={(e) => update({ name: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="f-order">Order</label>
          <select id="f-order" value={order} onChange={(e) => update({ order: e.currentTarget.value })}>
            {ORDERS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
      </form>
      <ProblemBox problem={list.error?.problem} />
      {list.loading && !list.data && <Loading what="packages" />}
      {list.data && list.data.items.length === 0 && <p role="status">No package here.</p>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <caption class="muted">{plural(list.data.metadata.count ?? list.data.items.length, 'package')}</caption>
          <thead>
            <tr><th scope="col">Package</th><th scope="col">Version</th><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">State</th></tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <th scope="row"><a href={href(`/accounts/${account}/packages/${p.id}`)}>{p.packageName}</a></th>
                <td data-label="Version">{p.packageVersion}</td>
                <td data-label="Type">{p.packageType}</td>
                <td data-label="Severity">{p.severityLevel}</td>
                <td data-label="State"><StateBadge state={p.packageState} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
