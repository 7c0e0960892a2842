package open311_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/citizen/open311"
	"github.com/relaciona/relaciona/internal/proctest"
)

var bogota, _ = time.LoadLocation("America/Bogota")

type env struct {
	svc *citizen.Service
	h   http.Handler
	now time.Time
}

func newEnv(t testing.TB, publish bool) *env {
	t.Helper()
	cfg, err := citizen.LoadConfig(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"), relaciona.English)
	require.NoError(t, err)
	store := proctest.MemoryStore(t)
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(t, err)
	svc, err := citizen.New(store, cfg, cal, citizen.WithLocation(bogota))
	require.NoError(t, err)
	e := &env{svc: svc, now: time.Date(2026, 3, 13, 10, 0, 0, 0, bogota)}
	h, err := open311.New(svc, open311.Options{Actor: relaciona.Actor{ID: "open311", Roles: []string{citizen.RoleSystem}},
		Keys: []string{"clave-secreta"}, Now: func() time.Time { return e.now }, PublishDetails: publish, Lang: relaciona.English})
	require.NoError(t, err)
	e.h = h
	return e
}

func (e *env) get(path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func (e *env) post(form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/requests.json", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// fileDaily posts a valid request at 9:00 on each of n days from Monday
// 2 March 2026.
func (e *env) fileDaily(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		e.now = time.Date(2026, 3, 2+i, 9, 0, 0, 0, bogota)
		require.Equal(t, http.StatusCreated, e.post(validForm()).Code)
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), rec.Body.String())
	return v
}

type apiErr struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// expectError checks the HTTP status and the specification's error array.
func expectError(t *testing.T, rec *httptest.ResponseRecorder, code int, text string) {
	t.Helper()
	require.Equal(t, code, rec.Code, rec.Body.String())
	errs := decode[[]apiErr](t, rec)
	require.Len(t, errs, 1)
	assert.Equal(t, code, errs[0].Code)
	assert.Contains(t, errs[0].Description, text)
}

func validForm() url.Values {
	return url.Values{"api_key": {"clave-secreta"}, "service_code": {"alumbrado-publico"}, "lat": {"4.6097"}, "long": {"-74.0817"},
		"first_name": {"Carmen"}, "last_name": {"Ruiz"}, "email": {"carmen@example.co"}, "phone": {"3001234567"},
		"description": {"Poste sin luz frente a la escuela"}, "address_string": {"Calle 5 # 3-20, Vereda El Carmen"}}
}

// GET Service List: service_code, service_name, description, metadata,
// type (realtime, batch, blackbox), keywords, group.
func TestGetServiceListServesTheOffer(t *testing.T) {
	e := newEnv(t, false)
	rec := e.get("/services.json")
	require.Equal(t, http.StatusOK, rec.Code)
	svcs := decode[[]map[string]any](t, rec)
	require.Len(t, svcs, 4)
	first := svcs[0]
	for _, k := range []string{"service_code", "service_name", "description", "metadata", "type", "keywords", "group"} {
		assert.Contains(t, first, k)
	}
	assert.Equal(t, "impuesto-predial", first["service_code"])
	assert.Equal(t, true, first["metadata"])
	assert.Contains(t, []any{"realtime", "batch", "blackbox"}, first["type"])
	assert.Equal(t, "servicios-publicos", svcs[3]["group"])
}

// GET Service Definition: attributes with variable, code, datatype,
// required, datatype_description, order, description, values (key, name).
func TestGetServiceDefinition(t *testing.T) {
	e := newEnv(t, false)
	rec := e.get("/services/informacion-contratos.json")
	require.Equal(t, http.StatusOK, rec.Code)
	def := decode[map[string]any](t, rec)
	assert.Equal(t, "informacion-contratos", def["service_code"])
	attrs := def["attributes"].([]any)
	require.Len(t, attrs, 2)
	a := attrs[0].(map[string]any)
	for _, k := range []string{"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"} {
		assert.Contains(t, a, k)
	}
	assert.Equal(t, "singlevaluelist", a["datatype"])
	expectError(t, e.get("/services/nada.json"), http.StatusNotFound, "service_code")
}

// POST Service Request: the response is an array with
// service_request_id, service_notice and account_id.
func TestPostServiceRequestFilesAPQRSDWithItsLegalTerm(t *testing.T) {
	e := newEnv(t, false)
	rec := e.post(validForm())
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	out := decode[[]map[string]any](t, rec)
	require.Len(t, out, 1)
	id := out[0]["service_request_id"].(string)
	assert.Equal(t, "PQRSD-2026-000001", id)
	assert.Contains(t, out[0], "account_id")
	assert.NotContains(t, out[0], "token", "a realtime service returns no token")
	assert.Contains(t, out[0]["service_notice"], "2026-04-08")

	p, err := e.svc.Get(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, "app", p.Channel)
	assert.Equal(t, citizen.Peticion, p.Type)
	assert.Equal(t, "Carmen Ruiz", p.Requester.Name)
	assert.Equal(t, "2026-04-08", p.Due.String())

	form := validForm()
	form.Set("attribute[pqrsd_type]", "queja")
	form.Set("attribute[request_kind]", "documents")
	rec = e.post(form)
	require.Equal(t, http.StatusCreated, rec.Code)
	p, err = e.svc.Get(context.Background(), "PQRSD-2026-000002")
	require.NoError(t, err)
	assert.Equal(t, citizen.Queja, p.Type)
	assert.Equal(t, citizen.KindGeneral, p.Kind, "documents is a kind of petición (Ley 1755 de 2015, art. 14)")
	assert.Equal(t, "2026-04-08", p.Due.String(), "a queja takes the general term")

	form = validForm()
	form.Set("attribute[request_kind]", "documents")
	rec = e.post(form)
	require.Equal(t, http.StatusCreated, rec.Code)
	p, err = e.svc.Get(context.Background(), "PQRSD-2026-000003")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-30", p.Due.String(), "a petición of documents: 10 business days")
}

// 403 for a missing or wrong api_key; 400 for a missing service_code or
// location or a malformed field; 404 for an unknown service_code or
// jurisdiction_id. Nothing is filed.
func TestPostErrorsFollowTheSpec(t *testing.T) {
	e := newEnv(t, false)
	cases := []struct {
		name string
		mod  func(url.Values)
		code int
		text string
	}{
		{"missing api_key", func(f url.Values) { f.Del("api_key") }, http.StatusForbidden, "api_key"},
		{"wrong api_key", func(f url.Values) { f.Set("api_key", "adivinada") }, http.StatusForbidden, "api_key"},
		{"missing service_code", func(f url.Values) { f.Del("service_code") }, http.StatusBadRequest, "service_code"},
		{"unknown service_code", func(f url.Values) { f.Set("service_code", "nada") }, http.StatusNotFound, "service_code"},
		{"unknown jurisdiction", func(f url.Values) { f.Set("jurisdiction_id", "otra.gov.co") }, http.StatusNotFound, "jurisdiction_id"},
		{"no location", func(f url.Values) { f.Del("lat"); f.Del("long"); f.Del("address_string") }, http.StatusBadRequest, "location"},
		{"lat without long", func(f url.Values) { f.Del("long"); f.Del("address_string") }, http.StatusBadRequest, "lat and long"},
		{"lat not a number", func(f url.Values) { f.Set("lat", "norte") }, http.StatusBadRequest, "lat"},
		{"bad PQRSD type", func(f url.Values) { f.Set("attribute[pqrsd_type]", "tutela") }, http.StatusBadRequest, "pqrsd_type"},
		{"description over 4000 characters", func(f url.Values) { f.Set("description", strings.Repeat("a", 4001)) }, http.StatusBadRequest, "4000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := validForm()
			tc.mod(f)
			rec := e.post(f)
			expectError(t, rec, tc.code, tc.text)
			assert.NotContains(t, rec.Body.String(), "carmen@example.co", "personal data is never echoed")
		})
	}
	_, err := e.svc.Get(context.Background(), "PQRSD-2026-000001")
	assert.ErrorIs(t, err, relaciona.ErrNotFound, "nothing was filed")

	req := httptest.NewRequest(http.MethodPost, "/requests.json", strings.NewReader(strings.Repeat("a=b&", open311.MaxBody)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	expectError(t, rec, http.StatusBadRequest, "too large")
}

// GET Service Request: status open/closed, status_notes, expected_datetime
// (the legal due date), w3 date-times with their offset; 404 for an
// unknown id.
func TestGetServiceRequestShowsStatusAndTheLegalDueDate(t *testing.T) {
	e := newEnv(t, false)
	require.Equal(t, http.StatusCreated, e.post(validForm()).Code)
	rec := e.get("/requests/PQRSD-2026-000001.json")
	require.Equal(t, http.StatusOK, rec.Code)
	out := decode[[]map[string]any](t, rec)
	require.Len(t, out, 1)
	r := out[0]
	for _, k := range []string{"service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
		"service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"} {
		assert.Contains(t, r, k)
	}
	assert.Equal(t, "open", r["status"])
	assert.Equal(t, "2026-04-08T23:59:59-05:00", r["expected_datetime"])
	assert.Equal(t, "2026-03-13T10:00:00-05:00", r["requested_datetime"])
	assert.Nil(t, r["description"], "details are not published by default")
	assert.Nil(t, r["address"])
	assert.NotContains(t, rec.Body.String(), "Carmen")
	assert.Equal(t, "Secretaría de Planeación", r["agency_responsible"])

	clerk := relaciona.Actor{ID: "ana-atencion"} // citizen_service in the file's people
	_, err := e.svc.Extend(context.Background(), clerk, "PQRSD-2026-000001", citizen.ExtendInput{NewDue: calendar.Date{Year: 2026, Month: 4, Day: 20}, Reason: "Revisión técnica"}, e.now.Add(48*time.Hour))
	require.NoError(t, err)
	r = decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000001.json"))[0]
	assert.Equal(t, "2026-04-20T23:59:59-05:00", r["expected_datetime"], "the extension moves the due date")
	assert.Contains(t, r["status_notes"], "Revisión técnica")

	_, err = e.svc.Answer(context.Background(), clerk, "PQRSD-2026-000001", "Reparado", e.now.Add(96*time.Hour))
	require.NoError(t, err)
	r = decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000001.json"))[0]
	assert.Equal(t, "closed", r["status"])
	assert.Contains(t, r["status_notes"], "Answered on 2026-03-17")

	expectError(t, e.get("/requests/PQRSD-2026-999999.json"), http.StatusNotFound, "service_request_id")
}

func TestPublishedDetailsNeverIncludeADenuncia(t *testing.T) {
	e := newEnv(t, true)
	require.Equal(t, http.StatusCreated, e.post(validForm()).Code)
	f := validForm()
	f.Set("attribute[pqrsd_type]", "denuncia")
	require.Equal(t, http.StatusCreated, e.post(f).Code)
	r := decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000001.json"))[0]
	assert.Equal(t, "Poste sin luz frente a la escuela", r["description"])
	assert.Equal(t, 4.6097, r["lat"])
	d := decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000002.json"))[0]
	assert.Nil(t, d["description"])
	assert.Nil(t, d["lat"])
}

// GET Service Requests: service_request_id overrides the rest;
// service_code, status, start_date/end_date (at most 90 days, the last 90
// by default); page and page_size with a Link to the next page.
func TestGetServiceRequestsFiltersAndPaginates(t *testing.T) {
	e := newEnv(t, false)
	for i := range 7 {
		f := validForm()
		if i%2 == 1 {
			f.Set("service_code", "informacion-contratos")
		}
		e.now = time.Date(2026, 3, 2+i, 9, 0, 0, 0, bogota)
		require.Equal(t, http.StatusCreated, e.post(f).Code)
	}
	clerk := relaciona.Actor{ID: "ana-atencion"} // citizen_service in the file's people
	_, err := e.svc.Answer(context.Background(), clerk, "PQRSD-2026-000001", "ok", e.now)
	require.NoError(t, err)
	ids := func(rec *httptest.ResponseRecorder) []string {
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var out []string
		for _, r := range decode[[]map[string]any](t, rec) {
			out = append(out, r["service_request_id"].(string))
		}
		return out
	}
	assert.Len(t, ids(e.get("/requests.json")), 7)
	assert.Equal(t, []string{"PQRSD-2026-000002", "PQRSD-2026-000004", "PQRSD-2026-000006"}, ids(e.get("/requests.json?service_code=informacion-contratos")))
	assert.Equal(t, []string{"PQRSD-2026-000001"}, ids(e.get("/requests.json?status=closed")))
	assert.Len(t, ids(e.get("/requests.json?status=open")), 6)
	assert.Len(t, ids(e.get("/requests.json?status=open,closed")), 7)
	assert.Equal(t, []string{"PQRSD-2026-000003", "PQRSD-2026-000005"},
		ids(e.get("/requests.json?service_request_id=PQRSD-2026-000003,PQRSD-2026-000005&service_code=informacion-contratos")), "service_request_id overrides")
	assert.Equal(t, []string{"PQRSD-2026-000003", "PQRSD-2026-000004"},
		ids(e.get("/requests.json?start_date=2026-03-04T00:00:00-05:00&end_date=2026-03-05T23:59:59-05:00")))
	assert.Empty(t, ids(e.get("/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-02-01T00:00:00Z")))

	rec := e.get("/requests.json?page_size=3")
	assert.Equal(t, []string{"PQRSD-2026-000001", "PQRSD-2026-000002", "PQRSD-2026-000003"}, ids(rec))
	link := rec.Header().Get("Link")
	require.Contains(t, link, `rel="next"`)
	next := strings.TrimSuffix(strings.TrimPrefix(strings.Split(link, ";")[0], "<"), ">")
	rec = e.get(next)
	assert.Equal(t, []string{"PQRSD-2026-000004", "PQRSD-2026-000005", "PQRSD-2026-000006"}, ids(rec))
	rec = e.get("/requests.json?page_size=3&page=3")
	assert.Equal(t, []string{"PQRSD-2026-000007"}, ids(rec))
	assert.Empty(t, rec.Header().Get("Link"), "the last page has no next")

	for _, bad := range []struct{ q, text string }{
		{"start_date=2026-01-01", "start_date"},
		{"start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "90 days"},
		{"start_date=2026-03-10T00:00:00Z&end_date=2026-03-01T00:00:00Z", "before"},
		{"status=pending", "status"},
		{"page=0", "page"},
		{"page_size=5000", "page_size"},
	} {
		expectError(t, e.get("/requests.json?"+bad.q), http.StatusBadRequest, bad.text)
	}
	expectError(t, e.get("/requests.json?service_code=nada"), http.StatusNotFound, "service_code")
	expectError(t, e.get("/requests.json?jurisdiction_id=otra.gov.co"), http.StatusNotFound, "jurisdiction_id")
	assert.Len(t, ids(e.get("/requests.json?jurisdiction_id=villadelejemplo.gov.co")), 7)
}

func TestUnknownResourcesAndFormats(t *testing.T) {
	e := newEnv(t, false)
	expectError(t, e.get("/services.yaml"), http.StatusNotFound, "use .xml or .json")
	expectError(t, e.get("/tokens/123.json"), http.StatusNotFound, "token")
	expectError(t, e.get("/widgets.json"), http.StatusNotFound, "unknown resource")
	expectError(t, e.get("/"), http.StatusNotFound, "unknown resource")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/requests.json", nil))
	expectError(t, rec, http.StatusBadRequest, "DELETE")
}

func TestNewRefusesAnActorThatMayNotFile(t *testing.T) {
	e := newEnv(t, false)
	for _, tc := range []struct {
		name      string
		actor     relaciona.Actor
		notListed bool
	}{
		{"not in the directory, claiming the system role", relaciona.Actor{ID: "x", Roles: []string{citizen.RoleSystem}, Level: 7}, true},
		{"listed as lead, claiming the system role", relaciona.Actor{ID: "luis-lider", Roles: []string{citizen.RoleSystem}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := open311.New(e.svc, open311.Options{Actor: tc.actor})
			var fe *relaciona.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.notListed, fe.NotListed)
		})
	}
}

func FuzzHandler(f *testing.F) {
	f.Add("GET", "/requests.json?start_date=2026-01-01T00:00:00Z", "")
	f.Add("POST", "/requests.json", "api_key=clave-secreta&service_code=alumbrado-publico&lat=1&long=2")
	f.Add("GET", "/services/%2e%2e.json", "")
	f.Add("GET", "/requests.xml?status=open&page_size=2", "")
	f.Add("GET", "/tokens/t-UFFSU0QtMjAyNi0wMDAwMDE.xml", "")
	f.Add("GET", "/discovery.xml", "")
	e := newEnv(f, false)
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if method != "GET" && method != "POST" {
			method = "GET"
		}
		u, err := url.Parse(target)
		if err != nil || u.Path == "" || !strings.HasPrefix(u.Path, "/") {
			return
		}
		req := httptest.NewRequest(method, "/", strings.NewReader(body))
		req.URL = u
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d", method, target, rec.Code)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
			if err := wellFormed(rec.Body.Bytes()); err != nil {
				t.Fatalf("%s %s: body is not XML: %v", method, target, err)
			}
		} else if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: body is not JSON", method, target)
		}
	})
}
