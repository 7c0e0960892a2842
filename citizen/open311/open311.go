package open311

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
)

// Options configure the handler.
type Options struct {
	// Actor files the PQRSD posted: the intake's id (say "open311"), which
	// the process's directory must list with the system or citizen_service
	// role; roles and a level it carries are not believed.
	Actor relaciona.Actor
	// Keys are the accepted api_key values. With none, every POST is
	// refused.
	Keys []string
	// KeyForReads makes every GET but discovery send an api_key too (as a
	// query parameter); by default reading is open, as the specification
	// has it.
	KeyForReads bool
	// Now is the clock that stamps filings and sets the default date
	// range; time.Now when nil.
	Now func() time.Time
	// PublishDetails returns descriptions, addresses and coordinates (never
	// for a denuncia).
	PublishDetails bool
	// Lang is the language of notes and errors (Spanish by default).
	Lang relaciona.Lang
	// Logger receives one line per failed request (no personal data).
	Logger hclog.Logger
	// MaxIDs caps the service_request_id values of one GET requests
	// (DefaultMaxIDs when 0).
	MaxIDs int
	// MaxResponseBytes caps the JSON of one GET requests answer
	// (DefaultMaxResponseBytes when 0): a bigger answer is refused and
	// the client asked for fewer ids or a smaller page_size.
	MaxResponseBytes int
	// ServiceType is the type every service is announced with: "realtime"
	// (the default: POST answers the service_request_id) or "batch" (POST
	// answers a token; GET tokens/{token} gives the id).
	ServiceType string
	// BasePath is the path the handler is mounted at, as clients see it
	// (e.g. "/open311/v2"), for the Link and discovery URLs. When empty it
	// is worked out from the request: the part of the request's path that
	// an http.StripPrefix in front of the handler removed, after
	// X-Forwarded-Prefix when TrustForwarded is set.
	BasePath string
	// TrustForwarded takes X-Forwarded-Prefix and X-Forwarded-Proto from
	// the request, for a handler behind a reverse proxy that sets them
	// (and removes them from what clients send).
	TrustForwarded bool
	// PublicURL is the endpoint's absolute base URL for service discovery
	// (e.g. "https://pqrsd.example.gov.co/open311/v2"). When empty it is
	// the request's scheme and Host followed by the base path.
	PublicURL string
	// Contact and KeyService are service discovery's contact and
	// key_service texts: how to reach the API's maintainers and how to
	// get an api_key.
	Contact, KeyService string
	// EndpointType is discovery's endpoint type: "production" (the
	// default) or "test".
	EndpointType string
	// Changeset is discovery's changeset: when the service list or the
	// definitions last changed. The default is the time New was called,
	// since the offer is read once, from the configuration.
	Changeset time.Time
}

// Default bounds of one GET requests, so that an unauthenticated caller
// cannot make the server read and send an unbounded answer.
const (
	// DefaultMaxIDs is the default Options.MaxIDs.
	DefaultMaxIDs = 100
	// DefaultMaxResponseBytes is the default Options.MaxResponseBytes.
	DefaultMaxResponseBytes = 4 << 20
)

// DefaultVolume is the specification's default volume of GET requests
// without paging parameters: "Default query limit is a span of 90 days or
// first 1000 requests returned, whichever is smallest."
const DefaultVolume = 1000

// Specification is the URL of the GeoReport v2 specification, as service
// discovery names it.
const Specification = "http://wiki.open311.org/GeoReport_v2"

// Service types.
const (
	// Realtime services answer POST with the service_request_id.
	Realtime = "realtime"
	// Batch services answer POST with a token.
	Batch = "batch"
)

// MaxBody is the largest POST body accepted.
const MaxBody = 64 << 10

// maxSpan is the widest date range of GET requests (the specification's
// 90 days).
const maxSpan = 90 * 24 * time.Hour

type handler struct {
	s       *citizen.Service
	cfg     *citizen.Config
	o       Options
	channel string
}

// New returns the Open311 handler of s. The configuration must give an
// Open311 channel (open311.channel, or a channel of type open311).
func New(s *citizen.Service, o Options) (http.Handler, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: open311.New needs a service", relaciona.ErrInvalid)
	}
	// The intake's own actor is checked once, in the process's directory:
	// it must be listed there with the system or citizen_service role
	// (File checks it again, as the directory knows it, on every POST).
	a, err := s.Authorize(context.Background(), o.Actor, "citizen.pqrsd.file", citizen.RoleSystem, citizen.RoleService)
	if err != nil {
		return nil, err
	}
	o.Actor = a
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Lang == "" {
		o.Lang = relaciona.Spanish
	}
	if o.Logger == nil {
		o.Logger = hclog.NewNullLogger()
	}
	if o.MaxIDs <= 0 {
		o.MaxIDs = DefaultMaxIDs
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	switch o.ServiceType {
	case "":
		o.ServiceType = Realtime
	case Realtime, Batch:
	default:
		return nil, relaciona.Invalid("open311.service_type", "service type %q: use realtime or batch", o.ServiceType)
	}
	switch o.EndpointType {
	case "":
		o.EndpointType = "production"
	case "production", "test":
	default:
		return nil, relaciona.Invalid("open311.endpoint_type", "endpoint type %q: use production or test", o.EndpointType)
	}
	if o.BasePath != "" {
		if !cleanPrefix(o.BasePath) {
			return nil, relaciona.Invalid("open311.base_path", "base path %q: use an absolute path such as /open311/v2", o.BasePath)
		}
		o.BasePath = strings.TrimSuffix(o.BasePath, "/")
	}
	if o.PublicURL != "" {
		u, err := url.Parse(o.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, relaciona.Invalid("open311.public_url", "use an absolute http or https URL without query, e.g. https://pqrsd.example.gov.co/open311/v2")
		}
		o.PublicURL = strings.TrimSuffix(o.PublicURL, "/")
	}
	if o.Changeset.IsZero() {
		o.Changeset = o.Now()
	}
	cfg := s.Config()
	h := &handler{s: s, cfg: cfg, o: o, channel: cfg.Open311.Channel}
	if h.channel == "" {
		for _, c := range cfg.Channels {
			if c.Type == "open311" {
				h.channel = c.ID
				break
			}
		}
	}
	if h.channel == "" {
		return nil, relaciona.Invalid("open311.channel", "name the channel of Open311 requests (open311.channel or a channel of type open311)")
	}
	return h, nil
}

// apiError is one entry of the specification's error list.
type apiError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// formatKey is the request context key of the format asked for.
type formatKey struct{}

// formatOf is the format of the request's resource: "xml" or "json".
func formatOf(r *http.Request) string {
	if f, _ := r.Context().Value(formatKey{}).(string); f == "xml" {
		return "xml"
	}
	return "json"
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, code int, es, en string, args ...any) {
	msg := h.o.Lang.Tf(es, en, args...)
	h.o.Logger.Debug("open311 request refused", "method", r.Method, "path", r.URL.Path, "code", code)
	h.write(w, r, code, []apiError{{Code: code, Description: msg}})
}

// write answers v in the request's format.
func (h *handler) write(w http.ResponseWriter, r *http.Request, code int, v any) {
	if formatOf(r) == "xml" {
		writeXML(w, code, v)
		return
	}
	writeJSON(w, code, v)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// writeXML answers v as the specification's XML: lists under their root
// element (services, service_requests, errors), one element per entry,
// after the declaration with encoding="UTF-8".
func writeXML(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	var err error
	switch x := v.(type) {
	case []service:
		err = xmlList(enc, "services", "service", x)
	case []created:
		err = xmlList(enc, "service_requests", "request", x)
	case []request:
		err = xmlList(enc, "service_requests", "request", x)
	case []tokenReply:
		err = xmlList(enc, "service_requests", "request", x)
	case []apiError:
		err = xmlList(enc, "errors", "error", x)
	default: // definition, discovery: they name their element
		err = enc.Encode(x)
	}
	if err == nil {
		err = enc.Flush()
	}
	if err != nil {
		code, buf = http.StatusBadRequest, bytes.Buffer{}
		buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<errors><error><code>400</code><description>general service error</description></error></errors>")
	}
	buf.WriteString("\n")
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// xmlList encodes items as <root><item>...</item>...</root>.
func xmlList[T any](enc *xml.Encoder, root, item string, items []T) error {
	start := xml.StartElement{Name: xml.Name{Local: root}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for i := range items {
		if err := enc.EncodeElement(items[i], xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// ServeHTTP routes the GeoReport v2 methods.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil { // never crash the embedding server
			h.o.Logger.Error("open311 handler panic", "path", r.URL.Path)
			h.fail(w, r, http.StatusBadRequest, "error general del servicio", "general service error")
		}
	}()
	path := strings.TrimPrefix(r.URL.Path, "/")
	resource, format, ok := strings.Cut(path, ".")
	if !ok || strings.Contains(format, "/") {
		h.fail(w, r, http.StatusNotFound, "recurso desconocido %q", "unknown resource %q", r.URL.Path)
		return
	}
	if format != "json" && format != "xml" {
		h.fail(w, r, http.StatusNotFound, "formato %q no disponible: use .xml o .json", "format %q is not served: use .xml or .json", format)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), formatKey{}, format))
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "parámetros mal formados", "malformed parameters")
		return
	}
	if j := query.Get("jurisdiction_id"); j != "" && j != h.cfg.Open311.JurisdictionID {
		h.fail(w, r, http.StatusNotFound, "jurisdiction_id %q no encontrado", "jurisdiction_id %q not found", j)
		return
	}
	if h.o.KeyForReads && r.Method != http.MethodPost && resource != "discovery" && !h.validKey(query.Get("api_key")) {
		h.fail(w, r, http.StatusForbidden, "api_key ausente o no válida: esta consulta exige una clave", "missing or invalid api_key: this read requires a key")
		return
	}
	switch {
	case resource == "discovery":
		if h.method(w, r, http.MethodGet) {
			h.discovery(w, r)
		}
	case resource == "services":
		if h.method(w, r, http.MethodGet) {
			h.services(w, r)
		}
	case strings.HasPrefix(resource, "services/"):
		if h.method(w, r, http.MethodGet) {
			h.definition(w, r, strings.TrimPrefix(resource, "services/"))
		}
	case resource == "requests":
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			h.list(w, r, query)
		case http.MethodPost:
			h.post(w, r)
		default:
			w.Header().Set("Allow", "GET, POST")
			h.fail(w, r, http.StatusBadRequest, "método %s no admitido", "method %s not allowed", r.Method)
		}
	case strings.HasPrefix(resource, "requests/"):
		if h.method(w, r, http.MethodGet) {
			h.one(w, r, strings.TrimPrefix(resource, "requests/"))
		}
	case strings.HasPrefix(resource, "tokens/"):
		if h.method(w, r, http.MethodGet) {
			h.token(w, r, strings.TrimPrefix(resource, "tokens/"))
		}
	default:
		h.fail(w, r, http.StatusNotFound, "recurso desconocido %q", "unknown resource %q", r.URL.Path)
	}
}

func (h *handler) method(w http.ResponseWriter, r *http.Request, m string) bool {
	if r.Method == m || (m == http.MethodGet && r.Method == http.MethodHead) {
		return true
	}
	w.Header().Set("Allow", m)
	h.fail(w, r, http.StatusBadRequest, "método %s no admitido", "method %s not allowed", r.Method)
	return false
}

// service is one entry of GET services.
type service struct {
	Code        string `json:"service_code" xml:"service_code"`
	Name        string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
}

func (h *handler) services(w http.ResponseWriter, r *http.Request) {
	out := make([]service, 0, len(h.cfg.Offer))
	for _, it := range h.cfg.Offer {
		kw := []string{it.Kind}
		if it.SUIT != "" {
			kw = append(kw, "SUIT "+it.SUIT)
		}
		out = append(out, service{Code: it.ID, Name: it.Name, Description: it.Description, Metadata: true, Type: h.o.ServiceType,
			Keywords: strings.Join(kw, ", "), Group: it.Group})
	}
	h.write(w, r, http.StatusOK, out)
}

type attrValue struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

type attribute struct {
	Variable    bool        `json:"variable" xml:"variable"`
	Code        string      `json:"code" xml:"code"`
	Datatype    string      `json:"datatype" xml:"datatype"`
	Required    bool        `json:"required" xml:"required"`
	DatatypeDes string      `json:"datatype_description" xml:"datatype_description"`
	Order       int         `json:"order" xml:"order"`
	Description string      `json:"description" xml:"description"`
	Values      []attrValue `json:"values" xml:"values>value"`
}

type definition struct {
	XMLName    xml.Name    `json:"-" xml:"service_definition"`
	Code       string      `json:"service_code" xml:"service_code"`
	Attributes []attribute `json:"attributes" xml:"attributes>attribute"`
}

func (h *handler) definition(w http.ResponseWriter, r *http.Request, code string) {
	it, ok := h.cfg.OfferItemByID(code)
	if !ok {
		h.fail(w, r, http.StatusNotFound, "service_code %q no encontrado", "service_code %q not found", code)
		return
	}
	L := h.o.Lang
	types := attribute{Variable: true, Code: "pqrsd_type", Datatype: "singlevaluelist", Order: 1,
		DatatypeDes: L.T("Por omisión, petición", "Default: petición"), Description: L.T("Tipo de PQRSD", "PQRSD type")}
	for _, t := range citizen.Types() {
		types.Values = append(types.Values, attrValue{Key: string(t), Name: t.Label(L)})
	}
	kinds := attribute{Variable: true, Code: "request_kind", Datatype: "singlevaluelist", Order: 2,
		DatatypeDes: L.Tf("Por omisión, %s", "Default: %s", it.RequestKind), Description: L.T("Tipo de solicitud (fija el término legal)", "Request kind (sets the legal term)")}
	for _, k := range citizen.RequestKinds() {
		kinds.Values = append(kinds.Values, attrValue{Key: string(k), Name: fmt.Sprintf("%s (%d)", k.Label(L), h.cfg.TermDays(citizen.Peticion, k))})
	}
	h.write(w, r, http.StatusOK, definition{Code: it.ID, Attributes: []attribute{types, kinds}})
}

// validKey reports whether key is one of the accepted keys, in constant
// time for each.
func (h *handler) validKey(key string) bool {
	ok := false
	for _, k := range h.o.Keys {
		if k != "" && subtle.ConstantTimeCompare([]byte(k), []byte(key)) == 1 {
			ok = true
		}
	}
	return ok
}

// created is one entry of the POST response: the service_request_id, or
// for a batch service the token ("if returned, the service_request_id is
// not").
type created struct {
	ID        string `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
	Token     string `json:"token,omitempty" xml:"token,omitempty"`
	Notice    string `json:"service_notice" xml:"service_notice"`
	AccountID opt    `json:"account_id" xml:"account_id"`
}

// tokenReply is one entry of GET tokens.
type tokenReply struct {
	ID    string `json:"service_request_id" xml:"service_request_id"`
	Token string `json:"token" xml:"token"`
}

// opt is an optional text: null in JSON and an empty element in XML when
// empty.
type opt string

// MarshalJSON writes null for an empty text.
func (o opt) MarshalJSON() ([]byte, error) {
	if o == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(o))
}

// optFloat is an optional number: null in JSON and an empty element in
// XML when absent.
type optFloat struct {
	v  float64
	ok bool
}

func optF(p *float64) optFloat {
	if p == nil {
		return optFloat{}
	}
	return optFloat{v: *p, ok: true}
}

// MarshalJSON writes the number, or null.
func (o optFloat) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return json.Marshal(o.v)
}

// MarshalText writes the number, or nothing (XML).
func (o optFloat) MarshalText() ([]byte, error) {
	if !o.ok {
		return nil, nil
	}
	return strconv.AppendFloat(nil, o.v, 'f', -1, 64), nil
}

func (h *handler) post(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		h.fail(w, r, http.StatusBadRequest, "envíe el formulario como application/x-www-form-urlencoded", "send the form as application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "cuerpo de la solicitud mal formado o demasiado grande", "malformed or too large request body")
		return
	}
	f := r.PostForm
	if !h.validKey(f.Get("api_key")) {
		h.fail(w, r, http.StatusForbidden, "api_key ausente o no válida: no se puede radicar la solicitud", "missing or invalid api_key: the request cannot be filed")
		return
	}
	if j := f.Get("jurisdiction_id"); j != "" && j != h.cfg.Open311.JurisdictionID {
		h.fail(w, r, http.StatusNotFound, "jurisdiction_id %q no encontrado", "jurisdiction_id %q not found", j)
		return
	}
	code := f.Get("service_code")
	if code == "" {
		h.fail(w, r, http.StatusBadRequest, "falta service_code", "service_code was not provided")
		return
	}
	it, ok := h.cfg.OfferItemByID(code)
	if !ok {
		h.fail(w, r, http.StatusNotFound, "service_code %q no encontrado", "service_code %q not found", code)
		return
	}
	loc, ok := h.location(w, r, f)
	if !ok {
		return
	}
	typ, ok := formAttribute(h, w, r, f, "pqrsd_type", citizen.Peticion, citizen.ParseType, "tipo de PQRSD desconocido", "unknown PQRSD type")
	if !ok {
		return
	}
	kind, ok := formAttribute(h, w, r, f, "request_kind", citizen.RequestKind(it.RequestKind), citizen.ParseRequestKind, "tipo de solicitud desconocido", "unknown request kind")
	if !ok {
		return
	}
	desc := f.Get("description")
	if len([]rune(desc)) > citizen.MaxDescription {
		h.fail(w, r, http.StatusBadRequest, "description supera %d caracteres", "description is longer than %d characters", citizen.MaxDescription)
		return
	}
	name := strings.TrimSpace(f.Get("first_name") + " " + f.Get("last_name"))
	now := h.o.Now()
	p, err := h.s.File(r.Context(), h.o.Actor, citizen.NewPQRSD{Type: typ, Kind: kind, Channel: h.channel, Offer: it.ID, Subject: it.Name, Description: desc,
		Requester: citizen.Requester{Name: name, Email: f.Get("email"), Phone: f.Get("phone"), Account: f.Get("account_id")},
		Location:  loc, FiledAt: now}, now)
	if err != nil {
		h.o.Logger.Warn("open311 filing failed", "service_code", it.ID, "error", errorClass(err))
		var ve *relaciona.ValidationError
		if errors.As(err, &ve) {
			h.fail(w, r, http.StatusBadRequest, "%s", "%s", ve.Field+": "+ve.Msg)
			return
		}
		h.fail(w, r, http.StatusBadRequest, "error general del servicio al radicar; intente más tarde", "general service error while filing; try again later")
		return
	}
	c := created{ID: p.ID, Notice: h.notice(p)}
	if h.o.ServiceType == Batch {
		c.ID, c.Token = "", tokenOf(p.ID)
	}
	h.write(w, r, http.StatusCreated, []created{c})
}

// formAttribute reads the optional attribute[code] of the form with
// parse, def when it is absent; a value parse refuses is answered 400
// "attribute[code]: " and the message es or en, and ok is false.
func formAttribute[T any](h *handler, w http.ResponseWriter, r *http.Request, f url.Values, code string, def T, parse func(string) (T, error), es, en string) (v T, ok bool) {
	s := f.Get("attribute[" + code + "]")
	if s == "" {
		return def, true
	}
	v, err := parse(s)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "attribute["+code+"]: "+es, "attribute["+code+"]: "+en)
		return def, false
	}
	return v, true
}

// location reads the location parameter: lat and long, or address_string,
// or address_id.
func (h *handler) location(w http.ResponseWriter, r *http.Request, f url.Values) (citizen.Location, bool) {
	var loc citizen.Location
	lat, long := f.Get("lat"), f.Get("long")
	if lat != "" || long != "" {
		if lat == "" || long == "" {
			h.fail(w, r, http.StatusBadRequest, "lat y long van juntos", "lat and long must both be sent")
			return loc, false
		}
		x, err1 := strconv.ParseFloat(lat, 64)
		y, err2 := strconv.ParseFloat(long, 64)
		if err1 != nil || err2 != nil || math.IsNaN(x) || math.IsNaN(y) || x < -90 || x > 90 || y < -180 || y > 180 {
			h.fail(w, r, http.StatusBadRequest, "lat o long no válidos (WGS84)", "invalid lat or long (WGS84)")
			return loc, false
		}
		loc.Lat, loc.Long = &x, &y
	}
	loc.Address, loc.AddressID = f.Get("address_string"), f.Get("address_id")
	if loc.Lat == nil && loc.Address == "" && loc.AddressID == "" {
		h.fail(w, r, http.StatusBadRequest, "falta la ubicación: lat y long, address_string o address_id", "no location: send lat and long, address_string or address_id")
		return loc, false
	}
	if len(loc.Address) > 500 || len(loc.AddressID) > 200 {
		h.fail(w, r, http.StatusBadRequest, "dirección demasiado larga", "address too long")
		return loc, false
	}
	return loc, true
}

func errorClass(err error) string {
	for _, k := range []struct {
		e error
		n string
	}{{relaciona.ErrInvalid, "invalid"}, {relaciona.ErrConflict, "conflict"}, {relaciona.ErrForbidden, "forbidden"}, {relaciona.ErrUnavailable, "unavailable"}} {
		if errors.Is(err, k.e) {
			return k.n
		}
	}
	return "other"
}

// request is one service request of GET requests.
type request struct {
	ID          string   `json:"service_request_id" xml:"service_request_id"`
	Status      string   `json:"status" xml:"status"`
	StatusNotes string   `json:"status_notes" xml:"status_notes"`
	ServiceName string   `json:"service_name" xml:"service_name"`
	ServiceCode opt      `json:"service_code" xml:"service_code"`
	Description opt      `json:"description" xml:"description"`
	Agency      opt      `json:"agency_responsible" xml:"agency_responsible"`
	Notice      string   `json:"service_notice" xml:"service_notice"`
	Requested   string   `json:"requested_datetime" xml:"requested_datetime"`
	Updated     string   `json:"updated_datetime" xml:"updated_datetime"`
	Expected    string   `json:"expected_datetime" xml:"expected_datetime"`
	Address     opt      `json:"address" xml:"address"`
	AddressID   opt      `json:"address_id" xml:"address_id"`
	Zipcode     opt      `json:"zipcode" xml:"zipcode"`
	Lat         optFloat `json:"lat" xml:"lat"`
	Long        optFloat `json:"long" xml:"long"`
	MediaURL    opt      `json:"media_url" xml:"media_url"`
}

// w3 formats a time in the deployment's zone, with its offset.
func (h *handler) w3(t time.Time) string { return t.In(h.s.Location()).Format(time.RFC3339) }

// notice is the legal term told to the citizen.
func (h *handler) notice(p citizen.PQRSD) string {
	return h.o.Lang.Tf("Término legal: %d días hábiles desde el día siguiente a la radicación; respuesta a más tardar el %s.",
		"Legal term: %d business days from the day after filing; answer due by %s.", p.Term, p.Due)
}

func (h *handler) toRequest(p citizen.PQRSD) request {
	L := h.o.Lang
	q := request{ID: p.ID, Status: "closed", Requested: h.w3(p.FiledAt), Updated: h.w3(p.Updated), Notice: h.notice(p)}
	loc := h.s.Location()
	q.Expected = time.Date(p.Due.Year, p.Due.Month, p.Due.Day, 23, 59, 59, 0, loc).Format(time.RFC3339)
	switch p.Status {
	case citizen.StatusOpen:
		q.Status = "open"
		q.StatusNotes = L.Tf("En trámite; vence el %s.", "Open; due on %s.", p.Due)
		if p.Extension != nil {
			q.StatusNotes = L.Tf("Término prorrogado hasta el %s: %s", "Term extended to %s: %s", p.Due, p.Extension.Reason)
		}
	case citizen.StatusIncomplete:
		// Still in progress, waiting for the citizen (Ley 1755 de 2015, art. 17).
		q.Status = "open"
		q.StatusNotes = L.Tf("Incompleta: complétela a más tardar el %s; el término para responder está suspendido.",
			"Incomplete: complete it by %s; the term to answer is suspended.", p.Completion.Deadline)
	case citizen.StatusWithdrawn:
		q.StatusNotes = L.Tf("Desistida el %s.", "Withdrawn on %s.", p.Withdrawal.Date)
	case citizen.StatusForwarded:
		q.StatusNotes = L.Tf("Trasladada por competencia a %s el %s.", "Forwarded to %s, the competent authority, on %s.", p.Forward.Authority, p.Forward.Date)
	case citizen.StatusAnswered, citizen.StatusClosed:
		if p.Answer != nil {
			q.StatusNotes = L.Tf("Respondida el %s.", "Answered on %s.", p.Answer.Date)
		}
		if p.Forward != nil {
			q.StatusNotes = L.Tf("Trasladada por competencia a %s el %s.", "Forwarded to %s, the competent authority, on %s.", p.Forward.Authority, p.Forward.Date)
		}
	}
	if it, ok := h.cfg.OfferItemByID(p.Offer); ok {
		q.ServiceCode, q.ServiceName = opt(it.ID), it.Name
	} else {
		q.ServiceName = p.Type.Label(L)
	}
	if dep, ok := h.cfg.DependencyByID(p.Dependency); ok {
		q.Agency = opt(dep.Name)
	}
	if h.o.PublishDetails && p.Type != citizen.Denuncia {
		q.Description = opt(p.Description)
		q.Address, q.AddressID, q.Zipcode = opt(p.Location.Address), opt(p.Location.AddressID), opt(p.Location.Zipcode)
		q.Lat, q.Long = optF(p.Location.Lat), optF(p.Location.Long)
	}
	return q
}

func (h *handler) one(w http.ResponseWriter, r *http.Request, id string) {
	if p, ok := h.lookup(w, r, id, "service_request_id", id); ok {
		h.write(w, r, http.StatusOK, []request{h.toRequest(p)})
	}
}

// lookup reads the PQRSD id for an answer; when it cannot, it answers the
// failure (404 "<param> <name> not found" for an unknown id, the general
// service error otherwise) and reports false.
func (h *handler) lookup(w http.ResponseWriter, r *http.Request, id, param, name string) (citizen.PQRSD, bool) {
	p, err := h.s.Get(r.Context(), id)
	if errors.Is(err, relaciona.ErrNotFound) {
		h.fail(w, r, http.StatusNotFound, param+" %q no encontrado", param+" %q not found", name)
		return p, false
	}
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "error general del servicio", "general service error")
		return p, false
	}
	return p, true
}

func (h *handler) list(w http.ResponseWriter, r *http.Request, q url.Values) {
	if ids := q.Get("service_request_id"); ids != "" {
		list := splitList(ids)
		slices.Sort(list)
		list = slices.Compact(list)
		if len(list) > h.o.MaxIDs {
			h.fail(w, r, http.StatusBadRequest, "service_request_id admite como máximo %d identificadores por consulta; se recibieron %d",
				"service_request_id takes at most %d ids per request; %d were given", h.o.MaxIDs, len(list))
			return
		}
		// The answer keeps the order the ids were given in.
		var order []string
		seen := map[string]bool{}
		for _, id := range splitList(ids) {
			if !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
		out := h.newAnswer(r)
		for _, id := range order {
			p, err := h.s.Get(r.Context(), id)
			if errors.Is(err, relaciona.ErrNotFound) {
				continue
			}
			if err != nil {
				h.fail(w, r, http.StatusBadRequest, "error general del servicio", "general service error")
				return
			}
			if !out.add(h.toRequest(p)) {
				h.tooBig(w, r, "service_request_id")
				return
			}
		}
		h.write(w, r, http.StatusOK, nonNil(out.requests))
		return
	}
	var codes []string
	for _, c := range splitList(q.Get("service_code")) {
		if _, ok := h.cfg.OfferItemByID(c); !ok {
			h.fail(w, r, http.StatusNotFound, "service_code %q no encontrado", "service_code %q not found", c)
			return
		}
		codes = append(codes, c)
	}
	statuses := splitList(q.Get("status"))
	for _, s := range statuses {
		if s != "open" && s != "closed" {
			h.fail(w, r, http.StatusBadRequest, "status %q no válido: use open o closed", "invalid status %q: use open or closed", s)
			return
		}
	}
	now := h.o.Now()
	end, err := w3Param(q.Get("end_date"), now)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "end_date no válido: use el formato w3, p. ej. 2026-01-01T00:00:00Z", "invalid end_date: use the w3 format, e.g. 2026-01-01T00:00:00Z")
		return
	}
	start, err := w3Param(q.Get("start_date"), end.Add(-maxSpan))
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "start_date no válido: use el formato w3, p. ej. 2026-01-01T00:00:00Z", "invalid start_date: use the w3 format, e.g. 2026-01-01T00:00:00Z")
		return
	}
	if q.Get("end_date") == "" && q.Get("start_date") != "" {
		end = start.Add(maxSpan)
	}
	if end.Before(start) {
		h.fail(w, r, http.StatusBadRequest, "end_date es anterior a start_date", "end_date is before start_date")
		return
	}
	if end.Sub(start) > maxSpan {
		h.fail(w, r, http.StatusBadRequest, "el rango de fechas no puede superar 90 días", "the date range may not span more than 90 days")
		return
	}
	// Without paging parameters the answer is the specification's
	// default volume; page and page_size are the paging extension.
	page, size := 1, DefaultVolume
	paging := q.Has("page") || q.Has("page_size")
	if paging {
		size = h.cfg.Open311.PageSize
	}
	maxSize := max(h.cfg.Open311.MaxPageSize, DefaultVolume)
	if v := q.Get("page"); q.Has("page") {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 1_000_000 {
			h.fail(w, r, http.StatusBadRequest, "page debe ser un entero desde 1", "page must be an integer from 1")
			return
		}
	}
	if v := q.Get("page_size"); q.Has("page_size") {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > maxSize {
			h.fail(w, r, http.StatusBadRequest, "page_size debe estar entre 1 y %d", "page_size must be between 1 and %d", maxSize)
			return
		}
	}
	skip := (page - 1) * size
	out := h.newAnswer(r)
	more := false
	// An incomplete PQRSD is open in Open311's terms too, so the list
	// filters by status below rather than in the store.
	cursor := ""
	for {
		ps, next, err := h.s.List(r.Context(), start, end.Add(time.Microsecond), "", cursor, 500)
		if err != nil {
			h.fail(w, r, http.StatusBadRequest, "error general del servicio", "general service error")
			return
		}
		for _, p := range ps {
			if len(codes) > 0 && !slices.Contains(codes, p.Offer) {
				continue
			}
			open := p.Status == citizen.StatusOpen || p.Status == citizen.StatusIncomplete
			if len(statuses) > 0 && !(open && slices.Contains(statuses, "open") || !open && slices.Contains(statuses, "closed")) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if len(out.requests) == size {
				more = true
				break
			}
			if !out.add(h.toRequest(p)) {
				h.tooBig(w, r, "page_size")
				return
			}
		}
		if more || len(ps) < 500 {
			break
		}
		cursor = next
	}
	if more {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("page", strconv.Itoa(page+1))
		nq.Set("page_size", strconv.Itoa(size))
		nq.Set("start_date", start.Format(time.RFC3339))
		nq.Set("end_date", end.Format(time.RFC3339))
		w.Header().Set("Link", fmt.Sprintf("<%s%s?%s>; rel=\"next\"", h.basePath(r), r.URL.EscapedPath(), nq.Encode()))
	}
	h.write(w, r, http.StatusOK, nonNil(out.requests))
}

// answer is the list of requests of a GET requests answer, kept within
// Options.MaxResponseBytes as it grows.
type answer struct {
	requests []request
	size     int // the encoded size so far: the list's brackets, each request and its separator
	format   string
	limit    int
}

func (h *handler) newAnswer(r *http.Request) *answer {
	return &answer{size: 2, format: formatOf(r), limit: h.o.MaxResponseBytes}
}

// add appends rq, or reports false when the answer would then exceed the
// limit.
func (a *answer) add(rq request) bool {
	if a.size += encodedSize(rq, a.format); a.size > a.limit {
		return false
	}
	a.requests = append(a.requests, rq)
	return true
}

// encodedSize is the size of rq in the answer's list (and its separator),
// in the answer's format.
func encodedSize(rq request, format string) int {
	var b []byte
	var err error
	if format == "xml" {
		b, err = xml.MarshalIndent(struct {
			XMLName xml.Name `xml:"request"`
			request
		}{request: rq}, "  ", "  ")
	} else {
		b, err = json.Marshal(rq)
	}
	if err != nil {
		return 0
	}
	return len(b) + 1
}

// tooBig refuses an answer over Options.MaxResponseBytes, saying which
// parameter to lower.
func (h *handler) tooBig(w http.ResponseWriter, r *http.Request, param string) {
	h.fail(w, r, http.StatusBadRequest, "la respuesta superaría el máximo de %d bytes por consulta: pida menos resultados con %s",
		"the answer would exceed the limit of %d bytes per request: ask for fewer results with %s", h.o.MaxResponseBytes, param)
}

func nonNil(rs []request) []request {
	if rs == nil {
		return []request{}
	}
	return rs
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// w3Param parses a w3 date-time (with a time zone, as the specification
// requires), or returns def when s is empty.
func w3Param(s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	return time.Parse(time.RFC3339, s)
}

// basePath is the path the handler is mounted at, as the client sees it:
// Options.BasePath, or X-Forwarded-Prefix (when trusted) followed by what
// an http.StripPrefix in front of the handler removed from the request's
// path.
func (h *handler) basePath(r *http.Request) string {
	if h.o.BasePath != "" {
		return h.o.BasePath
	}
	prefix := ""
	if h.o.TrustForwarded {
		if p := r.Header.Get("X-Forwarded-Prefix"); cleanPrefix(p) {
			prefix = strings.TrimSuffix(p, "/")
		}
	}
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		if full, here := u.EscapedPath(), r.URL.EscapedPath(); strings.HasSuffix(full, here) {
			prefix += full[:len(full)-len(here)]
		}
	}
	return prefix
}

// cleanPrefix reports whether p is a path fit to put in a Link header: it
// starts with "/" and holds only unreserved characters, "/" and
// percent-escapes.
func cleanPrefix(p string) bool {
	if p == "" || p[0] != '/' || len(p) > 200 || strings.Contains(p, "//") {
		return false
	}
	for _, c := range p {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("/-._~%", c)
		if !ok {
			return false
		}
	}
	return !strings.Contains(p, "/../") && !strings.HasSuffix(p, "/..")
}

// baseURL is the endpoint's absolute URL for service discovery.
func (h *handler) baseURL(r *http.Request) string {
	if h.o.PublicURL != "" {
		return h.o.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if h.o.TrustForwarded {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
			scheme = p
		}
	}
	return (&url.URL{Scheme: scheme, Host: r.Host, Path: h.basePath(r)}).String()
}

// discoveryDoc is the service discovery document.
type discoveryDoc struct {
	XMLName    xml.Name   `json:"-" xml:"discovery"`
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    string     `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

// endpoint is one endpoint of service discovery.
type endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

// discovery answers the service discovery document: this endpoint, in
// both formats.
func (h *handler) discovery(w http.ResponseWriter, r *http.Request) {
	cs := h.w3(h.o.Changeset)
	h.write(w, r, http.StatusOK, discoveryDoc{Changeset: cs, Contact: h.o.Contact, KeyService: h.o.KeyService,
		Endpoints: []endpoint{{Specification: Specification, URL: h.baseURL(r), Changeset: cs, Type: h.o.EndpointType,
			Formats: []string{"text/xml", "application/json"}}}})
}

// tokenPrefix starts every token, so that a token is never taken for an
// id.
const tokenPrefix = "t-"

// tokenOf is the token of a service request id.
func tokenOf(id string) string {
	return tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(id))
}

// token answers the service_request_id of a token.
func (h *handler) token(w http.ResponseWriter, r *http.Request, tok string) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, tokenPrefix))
	if !strings.HasPrefix(tok, tokenPrefix) || err != nil || len(b) == 0 || len(b) > 200 {
		h.fail(w, r, http.StatusNotFound, "token %q no encontrado", "token %q not found", tok)
		return
	}
	if p, ok := h.lookup(w, r, string(b), "token", tok); ok {
		h.write(w, r, http.StatusOK, []tokenReply{{ID: p.ID, Token: tok}})
	}
}
