// Package open311 serves a citizen.Service as an Open311 GeoReport v2 API
// (http://wiki.open311.org/GeoReport_v2), in XML (the specification's
// required format) and JSON: the institutional offer as services, the
// PQRSD as service requests, with the legal due date as expected_datetime.
//
// Mount the handler under the API's base path:
//
//	h, err := open311.New(svc, open311.Options{Actor: intake, Keys: keys})
//	mux.Handle("/open311/v2/", http.StripPrefix("/open311/v2", h))
//
// The intake acts under its own id (intake = relaciona.Actor{ID:
// "open311"}), which the process's directory must list with the system or
// citizen_service role; New checks it there once and every POST files as
// the actor the directory returns. Roles the Actor carries are not
// believed.
//
// # Methods
//
// Every resource is served as .xml (text/xml) and .json
// (application/json); errors come in the format asked for.
//
//   - GET discovery: service discovery (http://wiki.open311.org/Service_Discovery):
//     changeset, contact, key_service and this endpoint (specification,
//     url, changeset, type, formats).
//   - GET services: one service per offer item (service_code is the
//     item id, metadata true, type Options.ServiceType, group the item's group).
//   - GET services/{service_code}: the service definition, with two
//     optional attributes, pqrsd_type (petición, queja, reclamo,
//     sugerencia, denuncia; default petición) and request_kind (general,
//     documents, consultation; default the item's).
//   - POST requests (application/x-www-form-urlencoded, api_key
//     required): files a PQRSD through the Open311 channel and answers its
//     filing number (or, for a batch service, a token) and, as
//     service_notice, its legal due date.
//   - GET requests: service_request_id (comma-separated, at most
//     Options.MaxIDs, overrides the rest), service_code, status (open,
//     closed), start_date and end_date (w3 format, at most 90 days apart).
//     Without page or page_size the answer is the specification's default
//     volume: the requests of the last 90 days, the first DefaultVolume
//     of them. The page and page_size extension pages through the same
//     range (page_size at most the larger of the configuration's
//     open311.max_page_size and DefaultVolume); when more remain, a Link
//     header with rel="next" names the next page, with the path the client
//     used, mount prefix included.
//   - GET requests/{service_request_id}.
//   - GET tokens/{token}: the service_request_id of a token.
//
// # Tokens
//
// With Options.ServiceType "batch", services are announced as batch and
// POST answers a token instead of the service_request_id; GET
// tokens/{token} gives the id. relaciona files inside the POST's
// transaction, so a token resolves at once; the token flow is there for
// clients and aggregators that expect it. A token is the id, encoded: it
// reveals nothing GET requests does not.
//
// # Errors
//
// As the specification says: 404 for a resource that does not exist (an
// unknown service_code, request, token or jurisdiction_id, or a format
// other than xml and json), 403 for a missing or wrong api_key, and 400
// for any other error (a missing service_code or location, a malformed
// field, a range beyond 90 days, more ids or a bigger answer than the
// handler's bounds, any failure while filing). The body is the
// specification's error list: [{"code": 400, "description": "..."}] or
// <errors><error><code>400</code><description>...</description></error></errors>.
// The issue that asked for this handler spoke of 401 for a bad key; the
// specification's 403 is used.
//
// # Personal data
//
// The names, e-mail, phone and account of the requester are stored as the
// PQRSD's personal data and never returned or logged. Descriptions,
// addresses and coordinates often identify people too: they are returned
// only with Options.PublishDetails, and never for a denuncia.
package open311
