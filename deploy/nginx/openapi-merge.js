// njs handlers of the nginx gateway (deploy/nginx/nginx.conf). `merge` is the same merge as the Node
// gateway's apps/gateway/src/openapi-merge.ts (test/deploy compares them); written in the subset of
// JavaScript that njs runs, and importable by Node for that test.

function assign(target, source) {
  Object.keys(source || {}).forEach(function (key) {
    target[key] = source[key];
  });
  return target;
}

/** The paths nginx.conf answers 404 for (`location = /metrics`, `^~ /metrics/`): the scraper asks each service. */
function hidden(path) {
  return path === '/metrics' || path.indexOf('/metrics/') === 0;
}

/**
 * The gateway serves both method sets on the same paths; same-named components are the same schema.
 * Paths the gateway hides are left out.
 */
function merge(command, query) {
  var paths = {};
  var components = {};
  [query, command].forEach(function (doc) {
    Object.keys(doc.paths || {}).forEach(function (path) {
      if (hidden(path)) return;
      paths[path] = assign(assign({}, paths[path]), doc.paths[path]);
    });
    Object.keys(doc.components || {}).forEach(function (kind) {
      components[kind] = assign(assign({}, components[kind]), doc.components[kind]);
    });
  });
  var seen = {};
  var tags = (query.tags || []).concat(command.tags || []).filter(function (tag) {
    if (seen[tag.name]) return false;
    seen[tag.name] = true;
    return true;
  });
  var version = (query.info && query.info.version) || (command.info && command.info.version) || '1.0';
  var license = (query.info && query.info.license) || (command.info && command.info.license);
  var info = { title: 'Artifact Register API', version: String(version) };
  if (license) info.license = license;
  var merged = {
    openapi: query.openapi || command.openapi || '3.0.0',
    info: info,
    paths: paths,
    components: components,
    tags: tags,
  };
  if (query.servers || command.servers) merged.servers = query.servers || command.servers;
  return merged;
}

function unavailable(r, detail) {
  r.headersOut['Content-Type'] = 'application/problem+json';
  r.headersOut['Retry-After'] = '1';
  r.return(503, JSON.stringify({ status: 503, title: 'Service Unavailable', detail: detail }));
}

function parsed(reply) {
  if (reply.status !== 200) return null;
  try {
    return JSON.parse(reply.responseText);
  } catch (e) {
    return null;
  }
}

async function openapi(r) {
  var replies = await Promise.all([
    r.subrequest('/_internal/command/openapi.json'),
    r.subrequest('/_internal/query/openapi.json'),
  ]);
  var command = parsed(replies[0]);
  var query = parsed(replies[1]);
  if (!command || !query) return unavailable(r, 'a service behind the gateway did not answer');
  r.headersOut['Content-Type'] = 'application/json';
  r.return(200, JSON.stringify(merge(command, query)));
}

async function ready(r) {
  var replies = await Promise.all([
    r.subrequest('/_internal/command/health/ready'),
    r.subrequest('/_internal/query/health/ready'),
  ]);
  var command = replies[0].status === 200;
  var query = replies[1].status === 200;
  r.headersOut['Content-Type'] = 'application/json';
  r.return(command && query ? 200 : 503, JSON.stringify({
    status: command && query ? 'ok' : 'unavailable',
    command: command,
    query: query,
  }));
}

export default { merge: merge, openapi: openapi, ready: ready };
