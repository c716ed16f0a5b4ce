// A reader for the part of nginx's configuration language deploy/nginx/nginx.conf uses, and a replay of
// how nginx picks a location and an upstream for a request, so the tests can ask "where does GET /x go?".

export type Directive = { name: string; args: string[]; block?: Directive[] };

/** The request's fate at the gateway: proxied to an upstream group, answered by nginx, or by njs. */
export type NginxOutcome =
  | { kind: 'proxy'; upstream: string; uri?: string; location: Directive }
  | { kind: 'return'; status: number; location: Directive }
  | { kind: 'js'; handler: string; location: Directive }
  | { kind: 'static'; root: string; location: Directive };

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) i += 1;
    else if (c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '{' || c === '}' || c === ';') {
      tokens.push(c);
      i += 1;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end === -1) throw new Error(`unterminated string at ${i}`);
      tokens.push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      const word = /^[^\s{};'"]+/.exec(text.slice(i))?.[0] ?? '';
      tokens.push(word);
      i += word.length;
    }
  }
  return tokens;
}

export function parseNginx(text: string): Directive[] {
  const tokens = tokenize(text);
  let at = 0;
  const parseBlock = (): Directive[] => {
    const out: Directive[] = [];
    while (at < tokens.length && tokens[at] !== '}') {
      const name = tokens[at++] ?? '';
      const args: string[] = [];
      while (at < tokens.length && tokens[at] !== ';' && tokens[at] !== '{') args.push(tokens[at++] ?? '');
      if (tokens[at] === '{') {
        at += 1;
        out.push({ name, args, block: parseBlock() });
        if (tokens[at++] !== '}') throw new Error(`unclosed block ${name}`);
      } else if (tokens[at++] === ';') out.push({ name, args });
      else throw new Error(`directive ${name} has no ';'`);
    }
    return out;
  };
  const tree = parseBlock();
  if (at !== tokens.length) throw new Error('unbalanced braces');
  return tree;
}

export const children = (parent: Directive[] | Directive | undefined, name: string): Directive[] =>
  (Array.isArray(parent) ? parent : (parent?.block ?? [])).filter((d) => d.name === name);

export const child = (parent: Directive[] | Directive | undefined, name: string): Directive | undefined => children(parent, name)[0];

/** nginx's choice: exact match, else the longest prefix (regex locations are not used by our file). */
export function locate(server: Directive, path: string): Directive {
  const locations = children(server, 'location');
  const regex = locations.find((l) => l.args[0] === '~' || l.args[0] === '~*');
  if (regex) throw new Error(`regex locations are not replayed: ${regex.args.join(' ')}`);
  const exact = locations.find((l) => l.args[0] === '=' && l.args[1] === path);
  if (exact) return exact;
  const prefixOf = (l: Directive): string => (l.args[0] === '^~' ? (l.args[1] ?? '') : (l.args[0] ?? ''));
  const prefixes = locations.filter((l) => l.args[0] !== '=' && path.startsWith(prefixOf(l)));
  const longest = prefixes.sort((a, b) => prefixOf(b).length - prefixOf(a).length)[0];
  if (!longest) throw new Error(`no location for ${path}`);
  return longest;
}

/**
 * The value a `map $source $target { ... }` gives for one source value: an exact string, else the first
 * matching regex (`~` case-sensitive, `~*` not), else default, in nginx's order.
 */
export function mapValue(http: Directive, target: string, source: string): string {
  const map = children(http, 'map').find((m) => m.args[1] === target);
  if (!map) throw new Error(`no map sets ${target}`);
  const entries = map.block ?? [];
  const regex = (name: string): RegExp | undefined =>
    name.startsWith('~*') ? new RegExp(name.slice(2), 'i') : name.startsWith('~') ? new RegExp(name.slice(1)) : undefined;
  const entry = entries.find((e) => !e.name.startsWith('~') && e.name !== 'default' && e.name === source)
    ?? entries.find((e) => regex(e.name)?.test(source))
    ?? entries.find((e) => e.name === 'default');
  return entry?.args[0] ?? '';
}

export function outcome(http: Directive, server: Directive, method: string, url: string, internal = false): NginxOutcome {
  const path = url.split('?')[0] ?? '/';
  const location = locate(server, path);
  if (child(location, 'internal') && !internal) return { kind: 'return', status: 404, location };
  const ret = child(location, 'return');
  if (ret) return { kind: 'return', status: Number(ret.args[0]), location };
  const js = child(location, 'js_content');
  if (js) return { kind: 'js', handler: js.args[0] ?? '', location };
  const root = child(location, 'root');
  if (root) return { kind: 'static', root: root.args[0] ?? '', location };
  const proxy = child(location, 'proxy_pass');
  if (!proxy) throw new Error(`location ${location.args.join(' ')} neither proxies nor answers`);
  const target = /^http:\/\/([^/]+)(\/.*)?$/.exec(proxy.args[0] ?? '');
  if (!target?.[1]) throw new Error(`unexpected proxy_pass ${proxy.args[0]}`);
  const name = target[1].startsWith('$') ? mapValue(http, target[1], method) : target[1];
  return { kind: 'proxy', upstream: name, uri: target[2], location };
}

/** proxy_set_header is inherited from the enclosing level only when a level sets none of its own. */
export function effectiveProxyHeaders(levels: Directive[]): Map<string, string> {
  for (const level of [...levels].reverse()) {
    const own = children(level, 'proxy_set_header');
    if (own.length > 0) return new Map(own.map((h) => [(h.args[0] ?? '').toLowerCase(), h.args[1] ?? '']));
  }
  return new Map();
}

/** `768k` → 786432, as nginx reads sizes. */
export function nginxSize(value: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (!match) throw new Error(`not an nginx size: ${value}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}
