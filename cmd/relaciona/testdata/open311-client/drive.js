// Drives a relaciona Open311 endpoint with the npm package open311
// (codeforamerica/node-open311), a client nobody on this project wrote.
// Usage: node drive.js BASE_URL API_KEY realtime|batch
// It prints one JSON line with what it saw and exits non-zero on the
// first failed expectation.
'use strict';
const assert = require('assert');
const Open311 = require('open311');

const [base, key, mode] = process.argv.slice(2);
const jurisdiction = 'villadelejemplo.gov.co';

// call turns the client's (err, data) callbacks into promises.
function call(fn) {
  return new Promise((resolve, reject) => {
    fn((err, data) => (err ? reject(new Error(`${err}: ${typeof data === 'string' ? data : JSON.stringify(data)}`)) : resolve(data)));
  });
}

async function main() {
  const city = new Open311({ discovery: `${base}/open311/v2/discovery.json`, apiKey: key, jurisdiction });
  // Service discovery picks the production GeoReport v2 endpoint.
  await call((cb) => city.serviceDiscovery({ cache: true }, cb));
  assert.strictEqual(city.endpoint, `${base}/open311/v2/`);
  assert.strictEqual(city.format, 'json');

  const services = await call((cb) => city.serviceList(cb));
  const code = 'alumbrado-publico';
  const svc = services.find((s) => s.service_code === code);
  assert.ok(svc, 'the offer is listed');
  assert.strictEqual(svc.type, mode);

  const def = await call((cb) => city.serviceDefinition(code, cb));
  assert.strictEqual(def.service_code, code);
  assert.deepStrictEqual(def.attributes.map((a) => a.code), ['pqrsd_type', 'request_kind']);

  const created = await call((cb) => city.submitRequest({
    service_code: code, lat: 4.6097, long: -74.0817, description: 'Poste sin luz frente a la escuela',
    first_name: 'Carmen', email: 'carmen@example.co', attributes: { pqrsd_type: 'queja' },
  }, cb));
  assert.strictEqual(created.length, 1);
  let id = created[0].service_request_id;
  let token = null;
  if (mode === 'batch') {
    assert.strictEqual(id, undefined, 'a batch service answers a token, not the id');
    token = created[0].token;
    assert.ok(token);
    const t = await call((cb) => city.token(token, cb));
    id = t[0].service_request_id;
    assert.strictEqual(t[0].token, token);
  }
  assert.match(id, /^PQRSD-\d{4}-\d{6}$/);

  const one = await call((cb) => city.serviceRequest(id, cb));
  assert.strictEqual(one.length, 1);
  assert.strictEqual(one[0].service_request_id, id);
  assert.strictEqual(one[0].status, 'open');
  assert.ok(one[0].requested_datetime instanceof Date && !Number.isNaN(one[0].requested_datetime.getTime()), 'w3 dates parse');
  assert.ok(!Number.isNaN(one[0].expected_datetime.getTime()), 'the legal due date parses');

  const open = await call((cb) => city.serviceRequests({ status: 'open', service_code: code }, cb));
  assert.ok(open.some((r) => r.service_request_id === id), 'the default volume lists it');
  const byIds = await call((cb) => city.serviceRequests([id], cb));
  assert.deepStrictEqual(byIds.map((r) => r.service_request_id), [id]);

  // A wrong key is refused (403), and the client reports it.
  const stranger = new Open311({ endpoint: city.endpoint, apiKey: 'not-the-key-0123456789', jurisdiction });
  let refused = null;
  await call((cb) => stranger.submitRequest({ service_code: code, lat: 4.6, long: -74.08 }, cb)).catch((e) => { refused = e.message; });
  assert.ok(refused && refused.startsWith('403'), `a wrong key is refused: ${refused}`);

  console.log(JSON.stringify({ ok: true, id, token, services: services.length, open: open.length }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
