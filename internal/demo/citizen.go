package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

// NewCitizen returns the demo's citizen process (MIPG citizen-relationship
// value chain, seed 002_f26a4cb32da66089.txt; PQRSD on the terms of Ley
// 1755 de 2015): the Alcaldía of a fictitious Colombian municipality of
// about 40,000 people, San Isidro del Valle, with its urban comunas and
// rural corregimientos, eleven dependencies, ten service channels and
// twenty items of institutional offer.
//
//   - Setup writes citizen.yaml (team, dependencies, channels, the
//     characterisation variables and nine segments, the offer, the PQRSD
//     terms, five indicators and the first interaction strategy), loads it
//     back with LoadConfig and imports the strategy as draft version 1.
//   - The characterisation: 2,032 citizens and organisations registered in
//     January, some 60 more a month from the service channels; published
//     with k = 5 in February, August and December (the small ethnic groups,
//     the estratos 5 and 6 and the teenagers are merged, never shown).
//   - The strategy is socialised with the dependencies in January, adjusted
//     after their observations and adopted by the mayor in February (the
//     rural "Alcaldía en tu vereda" days start in March); a third version,
//     after the offer adjustment, is adopted in August.
//   - 5,000 PQRSD across the year on the Colombian calendar, with the
//     public-sector seasonality (quiet January and December, the impuesto
//     predial in February to April, school places at the end of the year,
//     roads in the rainy months) and every channel: the web form and the
//     Open311 app filed by the intake job, the help desk's tickets filed
//     from the ticket system (the desk of env.Tickets, its queue pqrsd),
//     the rest by the service staff, each day in one bulk Import. Most are
//     answered on time; some are extended before they expire (within twice
//     the term), some forwarded to the competent authority (a few after
//     the five days), some answered late, and some, more of them in the
//     December rush, are still overdue at year end. The citizen hears of
//     an extension, a forwarding or the answer on the ticket for the
//     desk's PQRSD, which are then closed with their ticket.
//   - Participation, accountability and feedback spaces with commitments,
//     followed up until done, dropped or overdue; the offer assessed in
//     April and November, its adjustment proposed in July and December and
//     approved by the mayor; indicators with their baseline in January and
//     monthly measurements.
//   - The package's Run at each month end. What an agency reads of the
//     year is citizen's product report (`relaciona report`: the quarterly
//     PQRSD, the PQRSD month by month, the characterisation, the spaces,
//     commitments and strategy, the offer and the indicators).
//
// The built-in desk stamps the tickets it creates and the replies it posts
// with its own clock, and the demo's desk runs on the wall clock; so the
// process works on the same desk (the same records in env.Store, checked
// to be the desk env.Tickets serves) through a desk value whose clock is
// the business time of the step under way, and loads the year's tickets
// with the desk's bulk Import, which keeps their historical times.
//
// Every name is generated from small lists; no real person's data.
func NewCitizen() Process { return &citizenDemo{} }

// citizenDemo is the citizen process of the demo; its state lives between
// Setup, the months and Report.
type citizenDemo struct {
	svc    *citizen.Service
	cfg    *citizen.Config
	loc    *time.Location
	desk   *desk.Desk
	now    time.Time // the business time of the step under way: the desk's clock
	clerks []relaciona.Actor
	lead   relaciona.Actor // coordinator of the citizen relationship
	mayor  relaciona.Actor
	job    relaciona.Actor

	people  []*czPerson // characterised citizens, in registration order
	regs    []czRegBatch
	cases   []*czCase
	filings map[calendar.Date][]*czCase
	acts    map[calendar.Date][]czAct
	seq     int

	jornadas   []calendar.Date
	monthCases [13]int // filings per month
	monthDigit [13]int // of them by a digital channel
}

// czPerson is one characterised citizen or organisation.
type czPerson struct {
	c    citizen.Citizen
	seg  string
	zone string
}

// czRegBatch is one registration of citizens: people[from:to] on date.
type czRegBatch struct {
	date     calendar.Date
	from, to int
}

// czOutcome is what happens to a PQRSD.
type czOutcome int

const (
	czOnTime czOutcome = iota
	czLate
	czExtended
	czForwarded
	czStuck // nobody answers it in the year
	// czIncomplete: asked to complete (Ley 1755 de 2015, art. 17),
	// completed in time and answered.
	czIncomplete
	// czTacit: asked to complete and never completed: Run takes it as
	// withdrawn (desistimiento tácito).
	czTacit
	// czWithdrawn: the petitioner withdraws it (art. 18).
	czWithdrawn
)

// czMissing is what an incomplete petition lacks (art. 17).
var czMissing = []string{
	"Dirección exacta del predio",
	"Copia del documento de identidad",
	"Número de la matrícula inmobiliaria",
	"Descripción de los hechos",
}

// czAuthorities file petitions between authorities (art. 30).
var czAuthorities = []string{
	"Gobernación del Departamento",
	"Personería Municipal",
	"Concejo Municipal",
	"Contraloría Departamental",
}

// czPriorities are the priority attentions given at the filing (art. 20),
// with the note that supports them.
var czPriorities = []citizen.PriorityInput{
	{Reason: citizen.PriorityFundamentalRight, Note: "Adulto mayor sin acceso al servicio de salud; adjunta historia clínica"},
	{Reason: citizen.PriorityImminentDanger, Note: "Árbol a punto de caer sobre una vivienda; se envió cuadrilla"},
	{Reason: citizen.PriorityJournalist},
}

// czCase is one PQRSD of the plan.
type czCase struct {
	n         int
	in        citizen.NewPQRSD
	ticket    bool
	filed     calendar.Date
	due       calendar.Date
	term      int
	outcome   czOutcome
	authority string
	id        string
	dep       string
}

// czAct is a dated step; a day's steps run in (hour, minute, seq) order.
type czAct struct {
	hour, min, seq int
	what           string
	do             func(ctx context.Context, env *Env, at time.Time) error
}

func (p *citizenDemo) Name() string { return "citizen" }

// The municipality.
const (
	czEntity = "Alcaldía Municipal de San Isidro del Valle (demostración)"
	// czOnTimeTarget is the target share of PQRSD answered on time.
	czOnTimeTarget = 0.95
)

var czDeps = []struct{ id, name string }{
	{"atencion", "Oficina de Atención a la Ciudadanía"},
	{"gobierno", "Secretaría de Gobierno"},
	{"hacienda", "Secretaría de Hacienda"},
	{"planeacion", "Secretaría de Planeación"},
	{"infraestructura", "Secretaría de Infraestructura"},
	{"social", "Secretaría de Desarrollo Social"},
	{"salud", "Secretaría de Salud"},
	{"educacion", "Secretaría de Educación"},
	{"agricultura", "Secretaría de Agricultura y Medio Ambiente"},
	{"transito", "Inspección de Tránsito y Movilidad"},
	{"juridica", "Oficina Jurídica y de Contratación"},
}

// The channels; weight is the base share of the PQRSD that come by it.
var czChannels = []struct {
	id, name, typ string
	weight        float64
}{
	{"ventanilla", "Ventanilla única", "in_person", 0.29},
	{"telefono", "Línea telefónica", "phone", 0.10},
	{"web", "Formulario web", "web", 0.23},
	{"correo", "Correo institucional", "email", 0.15},
	{"mesa", "Mesa de ayuda (tickets)", "ticket", 0.05},
	{"app", "App Reporta (Open311)", "open311", 0.05},
	{"whatsapp", "WhatsApp institucional", "chat", 0.07},
	{"redes", "Redes sociales", "social", 0.02},
	{"buzon", "Buzón de sugerencias", "mail", 0.02},
	{"jornadas", "Jornadas en la vereda", "in_person", 0},
}

// czDigital says a channel is digital (the canales-digitales indicator).
func czDigital(ch string) bool {
	switch ch {
	case "web", "correo", "mesa", "app", "whatsapp", "redes":
		return true
	}
	return false
}

// The offer: id, name, kind, dependency, channels, segments, objectives,
// SUIT code, legal basis, request kind, and the seasonality of its PQRSD
// (a weight per month, January first).
type czItem struct {
	id, name, kind, dep string
	channels, segments  []string
	objectives          []string
	suit, legal, rkind  string
	weight              float64
	season              [12]float64
	complaints          float64 // share of quejas and reclamos about it
}

var czOffer = []czItem{
	{id: "impuesto-predial", name: "Liquidación y pago del impuesto predial unificado", kind: "procedure", dep: "hacienda",
		channels: []string{"ventanilla", "web", "correo"}, segments: []string{"adultos-urbanos", "mayores-urbanos", "empresas", "campesinado"}, objectives: []string{"finanzas-sanas"}, suit: "2389", legal: "Ley 44 de 1990",
		weight: 9, season: [12]float64{0.8, 2.6, 3.0, 2.0, 1, 0.8, 1.2, 0.7, 0.6, 0.6, 0.6, 0.8}, complaints: 0.35},
	{id: "industria-comercio", name: "Declaración del impuesto de industria y comercio", kind: "procedure", dep: "hacienda",
		channels: []string{"ventanilla", "web"}, segments: []string{"empresas"}, objectives: []string{"finanzas-sanas"}, suit: "2390", legal: "Ley 14 de 1983",
		weight: 3, season: [12]float64{0.8, 1.6, 2.2, 1.6, 1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.6}, complaints: 0.2},
	{id: "paz-y-salvo", name: "Paz y salvo del impuesto predial", kind: "procedure", dep: "hacienda",
		channels: []string{"ventanilla", "web"}, segments: []string{"adultos-urbanos", "empresas"}, objectives: []string{"finanzas-sanas"}, suit: "2391", legal: "Estatuto Tributario Municipal",
		weight: 4, season: [12]float64{1, 1.2, 1.4, 1.2, 1, 1, 1, 1, 1, 1, 1, 1.1}, complaints: 0.1},
	{id: "licencia-construccion", name: "Licencia de construcción", kind: "procedure", dep: "planeacion",
		channels: []string{"ventanilla"}, segments: []string{"adultos-urbanos", "empresas"}, objectives: []string{"ordenamiento"}, suit: "2401", legal: "Decreto 1077 de 2015",
		weight: 3, season: [12]float64{0.6, 1, 1.1, 1, 1.1, 1, 1, 1.1, 1.1, 1.1, 1, 0.7}, complaints: 0.25},
	{id: "uso-del-suelo", name: "Concepto de uso del suelo", kind: "procedure", dep: "planeacion", rkind: "consultation",
		channels: []string{"ventanilla", "correo"}, segments: []string{"empresas", "organizaciones"}, objectives: []string{"ordenamiento"}, suit: "2405", legal: "Ley 388 de 1997",
		weight: 2, season: [12]float64{0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.8}, complaints: 0.1},
	{id: "certificado-residencia", name: "Certificado de residencia", kind: "other_procedure", dep: "gobierno",
		channels: []string{"ventanilla"}, segments: []string{"mayores-rurales", "campesinado", "jovenes-digitales"}, legal: "Ley 1551 de 2012",
		weight: 7, season: [12]float64{1.2, 1.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.1}, complaints: 0.3},
	{id: "estratificacion", name: "Certificado de estratificación socioeconómica", kind: "other_procedure", dep: "planeacion",
		channels: []string{"ventanilla", "correo"}, segments: []string{"adultos-urbanos", "campesinado"}, objectives: []string{"ordenamiento"}, legal: "Ley 142 de 1994",
		weight: 3, season: [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, complaints: 0.15},
	{id: "sisben", name: "Encuesta y novedades del SISBÉN", kind: "other_procedure", dep: "planeacion",
		channels: []string{"ventanilla", "telefono", "jornadas"}, segments: []string{"victimas", "discapacidad", "mayores-rurales", "campesinado"},
		objectives: []string{"inclusion"}, legal: "Ley 1176 de 2007", weight: 8, season: [12]float64{1.2, 1.2, 1.1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.8}, complaints: 0.2},
	{id: "colombia-mayor", name: "Inscripción al programa Colombia Mayor", kind: "other_procedure", dep: "social",
		channels: []string{"ventanilla"}, segments: []string{"mayores-rurales", "mayores-urbanos"}, objectives: []string{"inclusion"}, legal: "Ley 797 de 2003",
		weight: 5, season: [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, complaints: 0.25},
	{id: "atencion-victimas", name: "Orientación y ayuda humanitaria a víctimas", kind: "other_procedure", dep: "gobierno",
		channels: []string{"ventanilla", "telefono"}, segments: []string{"victimas"}, objectives: []string{"inclusion"}, legal: "Ley 1448 de 2011",
		weight: 4, season: [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, complaints: 0.2},
	{id: "cupo-escolar", name: "Solicitud de cupo escolar", kind: "other_procedure", dep: "educacion",
		channels: []string{"ventanilla", "web"}, segments: []string{"adultos-urbanos", "campesinado", "victimas"}, objectives: []string{"inclusion"}, legal: "Ley 115 de 1994",
		weight: 4, season: [12]float64{3, 1.4, 0.6, 0.4, 0.4, 0.4, 0.6, 0.5, 0.6, 1.4, 2.4, 2}, complaints: 0.2},
	{id: "afiliacion-salud", name: "Afiliación al régimen subsidiado de salud", kind: "other_procedure", dep: "salud",
		channels: []string{"ventanilla", "telefono"}, segments: []string{"victimas", "discapacidad", "campesinado"}, objectives: []string{"inclusion"}, legal: "Ley 1438 de 2011",
		weight: 4, season: [12]float64{1.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9}, complaints: 0.25},
	{id: "alumbrado-publico", name: "Daños en el alumbrado público", kind: "other_procedure", dep: "infraestructura",
		channels: []string{"telefono", "web", "app", "whatsapp"}, segments: []string{"adultos-urbanos", "jovenes-digitales", "mayores-urbanos"}, objectives: []string{"servicios"}, legal: "Decreto 943 de 2018",
		weight: 6, season: [12]float64{0.8, 0.8, 1, 1.4, 1.4, 1, 0.8, 0.8, 1, 1.4, 1.4, 1.3}, complaints: 0.4},
	{id: "malla-vial", name: "Mantenimiento de vías urbanas y rurales", kind: "other_procedure", dep: "infraestructura",
		channels: []string{"telefono", "web", "app"}, segments: []string{"campesinado", "mayores-rurales", "organizaciones"}, objectives: []string{"desarrollo-rural", "servicios"},
		weight: 7, season: [12]float64{0.7, 0.7, 1, 1.8, 1.8, 1.1, 0.8, 0.8, 1, 1.8, 1.9, 1}, complaints: 0.45},
	{id: "asistencia-agropecuaria", name: "Asistencia técnica agropecuaria", kind: "other_procedure", dep: "agricultura",
		channels: []string{"ventanilla", "jornadas"}, segments: []string{"campesinado", "organizaciones"}, objectives: []string{"desarrollo-rural"}, legal: "Ley 1876 de 2017",
		weight: 3, season: [12]float64{0.8, 1.2, 1.4, 1.2, 1, 0.9, 0.9, 1.2, 1.3, 1, 0.8, 0.5}, complaints: 0.15},
	{id: "poda-arboles", name: "Permiso de poda y tala de árboles", kind: "other_procedure", dep: "agricultura",
		channels: []string{"ventanilla", "correo"}, segments: []string{"adultos-urbanos", "organizaciones"}, legal: "Decreto 1076 de 2015",
		weight: 2, season: [12]float64{1, 1, 1.2, 1.3, 1.2, 1, 1, 1, 1, 1.2, 1.2, 0.9}, complaints: 0.2},
	{id: "permiso-eventos", name: "Permiso para eventos y espectáculos públicos", kind: "other_procedure", dep: "gobierno",
		channels: []string{"ventanilla", "correo"}, segments: []string{"organizaciones", "empresas"}, objectives: []string{"gobierno-abierto"}, legal: "Ley 1801 de 2016",
		weight: 2, season: [12]float64{0.8, 0.6, 0.8, 1, 0.8, 1.6, 1.2, 2.4, 0.8, 1, 1.4, 2.6}, complaints: 0.1},
	{id: "comparendos", name: "Consulta y pago de comparendos de tránsito", kind: "procedure", dep: "transito",
		channels: []string{"ventanilla", "web"}, segments: []string{"adultos-urbanos", "jovenes-digitales", "empresas"}, objectives: []string{"servicios"}, suit: "2420", legal: "Ley 769 de 2002",
		weight: 4, season: [12]float64{1.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2}, complaints: 0.45},
	{id: "info-contratos", name: "Información sobre contratación pública", kind: "information_request", dep: "juridica",
		channels: []string{"correo", "web", "app"}, segments: []string{"organizaciones", "empresas"}, objectives: []string{"gobierno-abierto"}, legal: "Ley 1712 de 2014",
		weight: 3, season: [12]float64{1.8, 1.6, 1.2, 1, 1, 1, 1, 1, 1, 1, 0.8, 0.6}, complaints: 0.05},
	{id: "info-presupuesto", name: "Información sobre presupuesto y su ejecución", kind: "information_request", dep: "hacienda",
		channels: []string{"correo", "web"}, segments: []string{"organizaciones"}, objectives: []string{"gobierno-abierto"}, legal: "Ley 1712 de 2014",
		weight: 2, season: [12]float64{1, 1, 1.6, 1, 1, 1, 1, 1, 1, 1, 1.6, 1}, complaints: 0.05},
}

// The PQRSD of each month: the seasonality of a municipality (January and
// December quiet; the predial, the accountability hearing and the rainy
// months busy). They add up to 5,000.
var czMonthVolume = [12]int{300, 430, 520, 400, 460, 380, 400, 440, 450, 470, 420, 330}

// The PQRSD types and their shares.
var czTypes = []struct {
	t     citizen.Type
	share float64
}{{citizen.Peticion, 0.69}, {citizen.Queja, 0.10}, {citizen.Reclamo, 0.12}, {citizen.Sugerencia, 0.05}, {citizen.Denuncia, 0.04}}

// Subjects of PQRSD not about an offer item.
var czGeneral = map[citizen.Type][]string{
	citizen.Peticion:   {"Solicitud de información general", "Solicitud de cita con el alcalde", "Solicitud de copia de un documento", "Solicitud de visita técnica al barrio"},
	citizen.Queja:      {"Queja por demora en la atención en ventanilla", "Queja por el trato de un funcionario", "Queja por ruido de un establecimiento"},
	citizen.Reclamo:    {"Reclamo por un cobro no reconocido", "Reclamo por falta de respuesta a una solicitud anterior"},
	citizen.Sugerencia: {"Sugerencia sobre los horarios de atención", "Sugerencia para mejorar la sede electrónica", "Sugerencia de señalización en la sede"},
	citizen.Denuncia:   {"Denuncia por presunta irregularidad en un contrato", "Denuncia por invasión del espacio público", "Denuncia por construcción sin licencia"},
}

// PQRSD outside the municipality's competence and where they go (Ley
// 1755 de 2015, art. 21).
var czForeign = []struct{ subject, authority string }{
	{"Daño en la red de acueducto del barrio", "Empresa de Servicios Públicos de San Isidro E.S.P."},
	{"Cortes de energía en la vereda", "Electrificadora regional"},
	{"Estado de la vía departamental", "Gobernación del Departamento"},
	{"Duplicado del documento de identidad", "Registraduría Nacional del Estado Civil"},
	{"Riñas y consumo en el parque", "Policía Nacional, estación San Isidro"},
	{"Vertimientos en la quebrada", "Corporación Autónoma Regional"},
	{"Restablecimiento de derechos de un menor", "ICBF, centro zonal"},
}

// The team.
var czTeam = []struct {
	id, title string
	roles     []string
}{
	{"alcaldia", "Despacho de la alcaldía", []string{citizen.RoleDirection}},
	{"coord-relacionamiento", "Coordinación de relacionamiento con la ciudadanía", []string{citizen.RoleLead}},
	{"prof-atencion-1", "Profesional de atención a la ciudadanía", []string{citizen.RoleService}},
	{"prof-atencion-2", "Profesional de atención a la ciudadanía", []string{citizen.RoleService}},
	{"prof-atencion-3", "Ventanilla única", []string{citizen.RoleService}},
	{"prof-atencion-4", "Ventanilla única", []string{citizen.RoleService}},
	{"prof-atencion-5", "Línea telefónica", []string{citizen.RoleService}},
}

var (
	czFirst = []string{"María José", "Luz Dary", "Ana Lucía", "Diana Marcela", "Yolanda", "Martha Cecilia", "Paola Andrea", "Leidy Johana",
		"Gloria Esperanza", "Valentina", "José Alirio", "Carlos Arturo", "Luis Eduardo", "Juan David", "Édgar Alonso", "Wilmar",
		"Jhon Fredy", "Andrés Mauricio", "Hernán Darío", "Santiago"}
	czLast = []string{"Restrepo", "Giraldo", "Ospina", "Cardona", "Londoño", "Valencia", "Quintero", "Henao", "Arango", "Zuluaga",
		"Castaño", "Salazar", "Montoya", "Agudelo", "Mejía", "Betancur", "Marín", "Osorio", "Gallego", "Ríos"}
	czSectors = map[string][]string{
		"urbana": {"Comuna 1 Centro", "Comuna 2 El Prado", "Comuna 3 La Estación"},
		"rural":  {"Corregimiento La Vega", "Corregimiento El Salitre", "Corregimiento Alto Bonito"},
	}
	czEtnias = []struct {
		v     string
		share float64
	}{{"ninguna", 0.885}, {"indígena", 0.03}, {"negra o afrocolombiana", 0.077}, {"raizal", 0.0012}, {"palenquera", 0.0008}, {"rrom", 0.0011}}
	czVeredas = []string{"El Placer", "La Esmeralda", "Buenavista", "San Antonio", "La Palma", "El Cedro", "Los Naranjos", "La Cristalina"}
)

func czName(r *rand.Rand) string {
	return czFirst[r.IntN(len(czFirst))] + " " + czLast[r.IntN(len(czLast))] + " " + czLast[r.IntN(len(czLast))]
}

// czEmail is a made-up address on a reserved example domain.
func czEmail(name string, n int) string {
	parts := strings.Fields(czFold(name))
	if len(parts) < 2 {
		return fmt.Sprintf("persona%d@correo.example", n)
	}
	return fmt.Sprintf("%s.%s%d@correo.example", parts[0], parts[len(parts)-1], n%100)
}

// czFold folds Spanish letters to ASCII and lowercases (for made-up
// e-mail addresses).
func czFold(s string) string {
	return strings.ToLower(strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "ü", "u",
		"Á", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ñ", "n").Replace(s))
}

// czPick returns an index drawn with the given weights.
func czPick(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	return pickWeighted(r, w, total)
}

// Setup builds the team and the citizens, writes citizen.yaml, loads it
// back, creates the service on the demo's store, calendar and desk, imports
// the first strategy version and plans the year.
func (p *citizenDemo) Setup(ctx context.Context, env *Env) error {
	if env.Year < calendar.MinYear+1 || env.Year > calendar.MaxYear-1 {
		return relaciona.Invalid("year", "year %d is outside what the citizen demo supports", env.Year)
	}
	*p = citizenDemo{filings: map[calendar.Date][]*czCase{}, acts: map[calendar.Date][]czAct{}}
	p.loc = env.At(env.Day(time.January, 1), 0).Location()
	p.job = relaciona.SystemActor()
	names := make([]string, len(czTeam))
	for i := range czTeam {
		names[i] = czName(env.Rand)
	}
	p.buildCitizens(env)

	cfg, err := writeConfig(env, "citizen.yaml", p.configYAML(env, names), citizen.LoadConfig)
	if err != nil {
		return err
	}
	p.cfg = cfg
	// The desk env.Tickets serves (the same records in env.Store), on the
	// business clock of the step under way: the demo's desk runs on the
	// wall clock, which would stamp the replies to a simulated year's
	// citizens in the real present.
	if _, ok := env.Tickets.Driver().(*desk.Desk); !ok {
		return fmt.Errorf("%w: the citizen demo files PQRSD from the built-in desk", relaciona.ErrUnsupported)
	}
	p.now = p.at(env.Day(time.January, 1), 0, 0)
	if p.desk, err = desk.New(env.Store.Driver(), desk.Options{Queues: []string{cfg.PQRSD.Tickets.Queue}, Actor: "mesa-de-ayuda",
		Now: func() time.Time { return p.now }}); err != nil {
		return err
	}
	tickets, err := relaciona.NewTickets(p.desk)
	if err != nil {
		return err
	}
	// The team in the demo's directory: the mayor's office at the top,
	// the coordination below it, the service professionals below that
	// (the last two read a daily digest).
	for i, m := range czTeam {
		a, ok := cfg.Actor(m.id)
		if !ok {
			return fmt.Errorf("%w: team member %s missing from citizen.yaml", relaciona.ErrNotFound, m.id)
		}
		x := relaciona.Person{ID: m.id, Name: a.Name, Email: staffEmail(m.id), Level: 3, Manager: czTeam[1].id, Digest: i >= len(czTeam)-2}
		switch {
		case slices.Contains(m.roles, citizen.RoleDirection):
			x.Level, x.Manager = 7, ""
		case slices.Contains(m.roles, citizen.RoleLead):
			x.Level, x.Manager = 5, czTeam[0].id
		}
		for _, r := range m.roles {
			x.Roles = append(x.Roles, relaciona.Role{Process: citizen.Kind, Name: r})
		}
		if err := env.AddPeople(x); err != nil {
			return err
		}
	}
	if p.svc, err = citizen.New(env.Store, cfg, env.Cal, citizen.WithLocation(p.loc), citizen.WithTickets(tickets), citizen.WithLang(env.Lang), citizen.WithDirectory(env.Directory)); err != nil {
		return err
	}
	for _, m := range czTeam {
		a, ok := cfg.Actor(m.id)
		if !ok {
			return fmt.Errorf("%w: team member %s missing from citizen.yaml", relaciona.ErrNotFound, m.id)
		}
		switch {
		case slices.Contains(m.roles, citizen.RoleDirection):
			p.mayor = a
		case slices.Contains(m.roles, citizen.RoleLead):
			p.lead = a
		default:
			p.clerks = append(p.clerks, a)
		}
	}
	first := p.biz(env, env.Day(time.January, 2))
	if err := p.svc.Setup(ctx, p.lead, p.at(first, 8, 30)); err != nil {
		return err
	}
	env.Count("team", len(czTeam))
	env.Count("dependencies", len(czDeps))
	env.Count("channels", len(czChannels))
	env.Count("offer_items", len(czOffer))
	env.Count("segments", len(cfg.Segments))
	env.Count("indicators", len(cfg.Indicators))
	env.Count("strategy_versions", 1)
	p.planJornadas(env)
	if err := p.planPQRSD(env); err != nil {
		return err
	}
	p.planYear(env)
	p.planOffer(env)   // citizen_offer.go
	p.planRecords(env) // citizen_records.go
	return nil
}

// at is a time on date d in the municipality's time zone.
func (p *citizenDemo) at(d calendar.Date, hour, minute int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, p.loc)
}

// biz is d, or the next business day.
func (p *citizenDemo) biz(env *Env, d calendar.Date) calendar.Date {
	for !env.Cal.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// addBiz is the n-th business day after d.
func (p *citizenDemo) addBiz(env *Env, d calendar.Date, n int) calendar.Date {
	out, err := env.Cal.AddBusinessDays(d, n)
	if err != nil {
		return d.AddDays(n * 7 / 5) // outside the calendar's range; never for the demo's years
	}
	return out
}

// schedule adds a step on date d at hour:minute.
func (p *citizenDemo) schedule(d calendar.Date, hour, minute int, what string, do func(ctx context.Context, env *Env, at time.Time) error) {
	p.seq++
	p.acts[d] = append(p.acts[d], czAct{hour: hour, min: minute, seq: p.seq, what: what, do: do})
}

// buildCitizens generates the characterised population: 2,580 persons and
// 145 organisations, most registered by the January characterisation and
// the rest month by month from the service channels.
func (p *citizenDemo) buildCitizens(env *Env) {
	r := env.Rand
	newPerson := func(n int) *czPerson {
		zone := "urbana"
		if r.Float64() < 0.36 {
			zone = "rural"
		}
		v := map[string]string{"zona": zone, "sector": czSectors[zone][r.IntN(3)]}
		var age int
		switch x := r.Float64(); {
		case x < 0.012:
			age = 16 + r.IntN(2)
		case x < 0.26:
			age = 18 + r.IntN(12)
		case x < 0.54:
			age = 30 + r.IntN(15)
		case x < 0.78:
			age = 45 + r.IntN(15)
		case x < 0.94:
			age = 60 + r.IntN(15)
		default:
			age = 75 + r.IntN(18)
		}
		v["edad"] = fmt.Sprint(age)
		v["sexo"] = "mujer"
		if r.Float64() < 0.46 {
			v["sexo"] = "hombre"
		}
		var est []float64
		if zone == "rural" {
			est = []float64{0.62, 0.33, 0.05, 0, 0, 0}
		} else {
			est = []float64{0.2, 0.4, 0.3, 0.08, 0.016, 0.0015}
		}
		v["estrato"] = fmt.Sprint(1 + czPick(r, est))
		ew := make([]float64, len(czEtnias))
		for i, e := range czEtnias {
			ew[i] = e.share
		}
		v["etnia"] = czEtnias[czPick(r, ew)].v
		if r.Float64() > 0.05 { // some did not answer
			v["discapacidad"] = fmt.Sprint(r.Float64() < 0.07)
		}
		victim := 0.1
		if zone == "rural" {
			victim = 0.17
		}
		v["victima"] = fmt.Sprint(r.Float64() < victim)
		dig := []float64{0.4, 0.4, 0.2}
		switch {
		case age < 30:
			dig = []float64{0.7, 0.25, 0.05}
		case age >= 60:
			dig = []float64{0.1, 0.3, 0.6}
		}
		if zone == "rural" {
			dig[2] += 0.15
		}
		v["uso_digital"] = []string{"frecuente", "ocasional", "nunca"}[czPick(r, dig)]
		name := czName(r)
		c := citizen.Citizen{ID: fmt.Sprintf("ciu-%05d", n), Subject: citizen.SubjectPerson, Name: name, Values: v, Source: "caracterizacion-2026"}
		if v["uso_digital"] != "nunca" {
			c.Email = czEmail(name, n)
		}
		return &czPerson{c: c, zone: zone}
	}
	orgKinds := []struct {
		v      string
		weight float64
		names  []string
	}{
		{"empresa", 0.42, []string{"Ferretería", "Droguería", "Panadería", "Transportes", "Distribuidora", "Almacén agropecuario"}},
		{"comunitaria", 0.17, []string{"Fundación comunitaria", "Asociación de mujeres", "Colectivo juvenil", "Asociación de víctimas"}},
		{"jac", 0.24, []string{"Junta de Acción Comunal"}},
		{"asociacion-productores", 0.12, []string{"Asociación de productores de café", "Asociación de productores de plátano", "Cooperativa lechera"}},
		{"publica", 0.05, []string{"Institución educativa", "Puesto de salud"}},
	}
	newOrg := func(n int) *czPerson {
		ow := make([]float64, len(orgKinds))
		for i, k := range orgKinds {
			ow[i] = k.weight
		}
		k := orgKinds[czPick(r, ow)]
		zone := "urbana"
		if k.v == "asociacion-productores" || (k.v != "empresa" && r.Float64() < 0.5) {
			zone = "rural"
		}
		place := czVeredas[r.IntN(len(czVeredas))]
		if zone == "urbana" {
			place = czSectors["urbana"][r.IntN(3)]
		}
		name := k.names[r.IntN(len(k.names))] + " " + place
		if k.v == "empresa" {
			name = k.names[r.IntN(len(k.names))] + " " + czLast[r.IntN(len(czLast))]
		}
		dig := "ocasional"
		if k.v == "empresa" || r.Float64() < 0.3 {
			dig = "frecuente"
		}
		v := map[string]string{"zona": zone, "sector": czSectors[zone][r.IntN(3)], "tipo_org": k.v, "uso_digital": dig}
		return &czPerson{c: citizen.Citizen{ID: fmt.Sprintf("org-%04d", n), Subject: citizen.SubjectOrganisation, Name: name, Values: v,
			Email: fmt.Sprintf("contacto%d@organizacion.example", n), Source: "caracterizacion-2026"}, zone: zone}
	}
	add := func(date calendar.Date, persons, orgs int) {
		from := len(p.people)
		for range persons {
			p.people = append(p.people, newPerson(len(p.people)+1))
		}
		for range orgs {
			p.people = append(p.people, newOrg(len(p.people)+1))
		}
		p.regs = append(p.regs, czRegBatch{date: date, from: from, to: len(p.people)})
	}
	add(p.biz(env, env.Day(time.January, 19)), 1920, 112)
	for m := time.February; m <= time.December; m++ {
		add(p.biz(env, env.Day(m, 10)), 60, 3)
	}
}

// registeredBy is how many people are registered before date d.
func (p *citizenDemo) registeredBy(d calendar.Date) int {
	n := 0
	for _, b := range p.regs {
		if b.date.Before(d) {
			n = b.to
		}
	}
	return n
}

// planJornadas picks the days of the rural "Alcaldía en tu vereda" service
// days, from March (strategy version 2) on: two a month, none in
// December's second half.
func (p *citizenDemo) planJornadas(env *Env) {
	for m := time.March; m <= time.December; m++ {
		for _, day := range []int{8 + env.Rand.IntN(4), 21 + env.Rand.IntN(4)} {
			d := p.biz(env, env.Day(m, day))
			if d.Month != m || (m == time.December && d.Day > 15) {
				continue
			}
			p.jornadas = append(p.jornadas, d)
		}
	}
}

// czOpen says a channel takes PQRSD on a date: WhatsApp opens in May (a
// commitment of the accountability hearing), the rural days only on their
// dates.
func (p *citizenDemo) czOpen(ch string, d calendar.Date) bool {
	switch ch {
	case "whatsapp":
		return d.Month >= time.May
	case "jornadas":
		return false // filed only on the days of the jornadas
	}
	return true
}

// czCounter says a channel is served by the staff (business days and
// office hours, filed by a clerk); the others are taken by the intake job
// at any hour.
func czCounter(ch string) bool {
	switch ch {
	case "ventanilla", "telefono", "buzon", "jornadas":
		return true
	}
	return false
}

// planPQRSD draws the year's 5,000 PQRSD, their filing times and what
// happens to each, and schedules their steps.
func (p *citizenDemo) planPQRSD(env *Env) error {
	r := env.Rand
	itemW := func(m time.Month, t citizen.Type) []float64 {
		w := make([]float64, len(czOffer))
		for i, it := range czOffer {
			w[i] = it.weight * it.season[m-1]
			switch t {
			case citizen.Queja, citizen.Reclamo:
				w[i] *= it.complaints * 3
			case citizen.Denuncia:
				if it.dep != "infraestructura" && it.dep != "juridica" && it.dep != "planeacion" {
					w[i] *= 0.1
				}
			}
		}
		return w
	}
	typeW := make([]float64, len(czTypes))
	for i, t := range czTypes {
		typeW[i] = t.share
	}
	for m := time.January; m <= time.December; m++ {
		days := []calendar.Date{}
		for d := env.Day(m, 1); !d.After(env.MonthEnd(m)); d = d.AddDays(1) {
			days = append(days, d)
		}
		anyW := make([]float64, len(days))
		bizW := make([]float64, len(days))
		for i, d := range days {
			switch {
			case env.Cal.IsBusinessDay(d):
				anyW[i], bizW[i] = 1, 1
				if d.Weekday() == time.Monday {
					anyW[i], bizW[i] = 1.25, 1.3
				}
				if m == time.December && d.Day >= 20 {
					anyW[i], bizW[i] = 0.5, 0.5 // the year-end holidays
				}
			case d.Weekday() == time.Saturday:
				anyW[i] = 0.3
			default:
				anyW[i] = 0.15
			}
		}
		total := czMonthVolume[m-1]
		var month []*czCase
		// The rural service days.
		for _, jd := range p.jornadas {
			if jd.Month != m {
				continue
			}
			for range 14 + r.IntN(8) {
				month = append(month, p.drawCase(env, m, jd, "jornadas", itemW, typeW))
			}
		}
		for len(month) < total {
			chW := make([]float64, len(czChannels))
			for i, c := range czChannels {
				chW[i] = c.weight
			}
			ch := czChannels[czPick(r, chW)].id
			probe := env.Day(m, 28)
			if !p.czOpen(ch, probe) {
				continue
			}
			var d calendar.Date
			if czCounter(ch) {
				d = days[czPick(r, bizW)]
			} else {
				d = days[czPick(r, anyW)]
			}
			month = append(month, p.drawCase(env, m, d, ch, itemW, typeW))
		}
		for _, c := range month {
			p.monthCases[m]++
			if czDigital(c.in.Channel) {
				p.monthDigit[m]++
			}
		}
		slices.SortStableFunc(month, func(a, b *czCase) int { return a.in.FiledAt.Compare(b.in.FiledAt) })
		for _, c := range month {
			c.n = len(p.cases)
			p.cases = append(p.cases, c)
			p.filings[c.filed] = append(p.filings[c.filed], c)
			if err := p.planOutcome(env, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// drawCase draws one PQRSD received on d by channel ch.
func (p *citizenDemo) drawCase(env *Env, m time.Month, d calendar.Date, ch string, itemW func(time.Month, citizen.Type) []float64, typeW []float64) *czCase {
	r := env.Rand
	t := czTypes[czPick(r, typeW)].t
	if ch == "buzon" && r.Float64() < 0.6 {
		t = citizen.Sugerencia
	}
	c := &czCase{in: citizen.NewPQRSD{Type: t, Kind: citizen.KindGeneral, Channel: ch}}
	switch {
	case ch == "jornadas":
		rural := []string{"sisben", "asistencia-agropecuaria", "certificado-residencia", "colombia-mayor", "malla-vial", "afiliacion-salud"}
		it := czItemByID(rural[r.IntN(len(rural))])
		c.in.Offer, c.dep = it.id, it.dep
	case (t == citizen.Peticion || t == citizen.Queja) && r.Float64() < 0.04:
		f := czForeign[r.IntN(len(czForeign))]
		c.in.Subject, c.authority, c.outcome = f.subject, f.authority, czForwarded
	case r.Float64() < map[citizen.Type]float64{citizen.Peticion: 0.1, citizen.Queja: 0.3, citizen.Reclamo: 0.1, citizen.Sugerencia: 0.5, citizen.Denuncia: 0.45}[t]:
		subs := czGeneral[t]
		c.in.Subject = subs[r.IntN(len(subs))]
		c.dep = "atencion"
		if t == citizen.Peticion && r.Float64() < 0.12 {
			c.in.Kind = citizen.KindDocuments
		}
	default:
		it := czOffer[czPick(r, itemW(m, t))]
		c.in.Offer, c.dep = it.id, it.dep
		if t == citizen.Peticion {
			c.in.Kind = citizen.KindGeneral
			switch {
			case it.rkind != "":
				c.in.Kind = citizen.RequestKind(it.rkind)
			case it.kind == "information_request":
				c.in.Kind = citizen.KindDocuments
			}
		}
	}
	if c.in.Offer != "" {
		it := czItemByID(c.in.Offer)
		c.in.Subject = czSubject(t, it.name)
		// Street lights and roads are mostly reported on the app, the
		// phone and WhatsApp.
		if (it.id == "alumbrado-publico" || it.id == "malla-vial") && ch != "jornadas" && r.Float64() < 0.45 {
			opts := []string{"app", "telefono", "web"}
			if p.czOpen("whatsapp", d) {
				opts = append(opts, "whatsapp")
			}
			c.in.Channel = opts[r.IntN(len(opts))]
			ch = c.in.Channel
			if czCounter(ch) && !env.Cal.IsBusinessDay(d) {
				d = p.biz(env, d)
				if d.Month != m {
					d = p.prevBiz(env, env.MonthEnd(m))
				}
			}
		}
	}
	if c.in.Kind == citizen.KindConsultation && t != citizen.Peticion {
		c.in.Kind = citizen.KindGeneral
	}
	// The time of day.
	var hour, minute int
	switch ch {
	case "ventanilla", "jornadas":
		hour = 7 + czPick(r, []float64{1.2, 1.6, 1.6, 1.4, 0.6, 0.5, 1.1, 1.2, 1.0, 0.5})
	case "telefono", "buzon":
		hour = 7 + r.IntN(11)
	default:
		hour = czPick(r, []float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 1, 1.4, 1.6, 1.6, 1.5, 1.2, 1.2, 1.4, 1.4, 1.3, 1.2, 1, 0.9, 0.9, 0.8, 0.6, 0.4})
	}
	minute = r.IntN(60)
	if hour == 23 && minute > 50 {
		minute = 50
	}
	c.in.FiledAt = p.at(d, hour, minute)
	c.filed = d
	c.ticket = ch == "mesa"
	// Who filed it: a characterised citizen in about half the counter
	// cases (rural people on the rural days), someone else otherwise; a
	// denuncia is often anonymous.
	if t == citizen.Denuncia && r.Float64() < 0.5 {
		c.in.Description = "Denuncia anónima"
	} else if n := p.registeredBy(d); n > 0 && (czCounter(ch) || ch == "whatsapp") && r.Float64() < 0.55 {
		var who *czPerson
		for range 8 {
			who = p.people[r.IntN(n)]
			if ch != "jornadas" || who.zone == "rural" {
				break
			}
		}
		c.in.CitizenID = who.c.ID
		c.in.Segment = p.cfg.SegmentOf(who.c.Values)
		c.in.Requester = citizen.Requester{Name: who.c.Name, Email: who.c.Email}
	} else {
		name := czName(r)
		c.in.Requester = citizen.Requester{Name: name}
		if !czCounter(ch) {
			c.in.Requester.Email = czEmail(name, 100+r.IntN(900))
		}
	}
	if ch == "app" {
		lat, long := 4.712+0.03*(r.Float64()-0.5), -75.624+0.03*(r.Float64()-0.5)
		c.in.Location = citizen.Location{Lat: &lat, Long: &long}
	}
	return c
}

// prevBiz is d, or the business day before it.
func (p *citizenDemo) prevBiz(env *Env, d calendar.Date) calendar.Date {
	for !env.Cal.IsBusinessDay(d) {
		d = d.AddDays(-1)
	}
	return d
}

func czItemByID(id string) *czItem {
	for i := range czOffer {
		if czOffer[i].id == id {
			return &czOffer[i]
		}
	}
	return nil
}

// czSubject is the subject line of a PQRSD about an offer item.
func czSubject(t citizen.Type, item string) string {
	item = strings.ToLower(item[:1]) + item[1:]
	switch t {
	case citizen.Queja:
		return "Queja por la atención en: " + item
	case citizen.Reclamo:
		return "Reclamo sobre: " + item
	case citizen.Sugerencia:
		return "Sugerencia para mejorar: " + item
	case citizen.Denuncia:
		return "Denuncia relacionada con: " + item
	}
	return "Solicitud sobre: " + item
}

var czExtReasons = []string{
	"Se requiere una visita técnica al lugar",
	"Se necesita el concepto de otra dependencia",
	"Se requiere un concepto jurídico",
	"Alto volumen de solicitudes en el periodo",
	"Se solicitó información a una entidad externa",
}

// answer answers the PQRSD id with summary as clerk at at, and counts it
// answered, on time or late.
func (p *citizenDemo) answer(ctx context.Context, env *Env, clerk relaciona.Actor, id, summary string, at time.Time) error {
	out, err := p.svc.Answer(ctx, clerk, id, summary, at)
	if err != nil {
		return err
	}
	env.Count("pqrsd_answered", 1)
	if out.Answer.OnTime {
		env.Count("pqrsd_answered_on_time", 1)
	} else {
		env.Count("pqrsd_answered_late", 1)
	}
	return nil
}

// planOutcome decides what happens to c and schedules its steps: most are
// answered on time; some extended before expiry (at most twice the term),
// forwarded, answered late, or left unanswered. A step after the year's
// end does not happen in the demo.
func (p *citizenDemo) planOutcome(env *Env, c *czCase) error {
	r := env.Rand
	due, term, err := p.svc.DueDate(c.filed, c.in.Type, c.in.Kind)
	if err != nil {
		return err
	}
	c.due, c.term = due, term
	m := c.filed.Month
	// Ley 1755 de 2015: a few petitions come from another authority (art.
	// 30; a general one, whose term is the ordinary) and a few get
	// priority attention at the filing (art. 20; the term is the ordinary
	// one, the demo's configuration caps none).
	if c.in.Type == citizen.Peticion && c.outcome != czForwarded && !c.ticket {
		switch x := r.Float64(); {
		case x < 0.02:
			pr := czPriorities[r.IntN(len(czPriorities))]
			c.in.Priority = &pr
		case x < 0.03 && c.in.Kind == citizen.KindGeneral && c.in.Requester.Name != "":
			c.in.Authority = czAuthorities[r.IntN(len(czAuthorities))]
			c.in.CitizenID, c.in.Segment = "", ""
			c.in.Requester = citizen.Requester{Name: c.in.Authority}
		}
	}
	if c.outcome != czForwarded {
		stuck, late, ext := 0.003, 0.04, 0.055
		if c.dep == "infraestructura" {
			stuck, late, ext = stuck+0.004, late+0.07, ext+0.03
		}
		if c.dep == "hacienda" && m >= time.February && m <= time.April {
			late += 0.06 // the predial season
		}
		if c.in.Offer == "licencia-construccion" || c.in.Offer == "uso-del-suelo" {
			ext += 0.15
		}
		if m == time.December || (m == time.November && c.filed.Day >= 16) {
			stuck, late = stuck+0.015, late+0.05 // the year-end rush and holidays
		}
		if c.in.Kind == citizen.KindConsultation {
			late += 0.03
		}
		switch x := r.Float64(); {
		case x < stuck:
			c.outcome = czStuck
		case x < stuck+late:
			c.outcome = czLate
		case x < stuck+late+ext:
			c.outcome = czExtended
		default:
			c.outcome = czOnTime
		}
		// A few petitions are incomplete (art. 17): most are completed
		// in time, some are tacitly withdrawn; a few PQRSD are withdrawn
		// by the petitioner (art. 18).
		switch x := r.Float64(); {
		case c.outcome == czStuck:
		case c.in.Type == citizen.Peticion && x < 0.03:
			c.outcome = czIncomplete
		case c.in.Type == citizen.Peticion && x < 0.037:
			c.outcome = czTacit
		case x < 0.049:
			c.outcome = czWithdrawn
		}
	}
	yearEnd := env.MonthEnd(time.December)
	step := func(n int, what string, do func(ctx context.Context, env *Env, at time.Time) error) (calendar.Date, bool) {
		d := p.addBiz(env, c.filed, n)
		if d.After(yearEnd) {
			return d, false
		}
		p.schedule(d, 8+r.IntN(9), r.IntN(60), what, do)
		return d, true
	}
	clerk := p.clerks[c.n%len(p.clerks)]
	closeAfter := func(d calendar.Date) {
		if !c.ticket && c.outcome != czForwarded {
			return // an answered PQRSD stays answered; the desk's are closed with their ticket
		}
		n := 1 + r.IntN(4)
		cd := p.addBiz(env, d, n)
		if cd.After(yearEnd) {
			return
		}
		// Closing is the last step of a day (hour 17).
		p.schedule(cd, 17, r.IntN(60), "close", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.Close(ctx, clerk, c.id, at); err != nil {
				return err
			}
			env.Count("pqrsd_closed", 1)
			return nil
		})
	}
	answer := func(u int) {
		d, ok := step(u, "answer", func(ctx context.Context, env *Env, at time.Time) error {
			return p.answer(ctx, env, clerk, c.id, czAnswerText(c), at)
		})
		if ok {
			closeAfter(d)
		}
	}
	T := c.term
	switch c.outcome {
	case czIncomplete, czTacit:
		e := 1 + r.IntN(5)
		what := czMissing[r.IntN(len(czMissing))]
		if _, ok := step(e, "request completion", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.RequestCompletion(ctx, clerk, c.id, citizen.CompletionInput{What: what}, at); err != nil {
				return err
			}
			env.Count("pqrsd_incomplete", 1)
			return nil
		}); !ok || c.outcome == czTacit {
			return nil // never completed: Run takes it as withdrawn after the deadline
		}
		k := e + 3 + r.IntN(12)
		if _, ok := step(k, "complete", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.Complete(ctx, clerk, c.id, at); err != nil {
				return err
			}
			env.Count("pqrsd_completed", 1)
			return nil
		}); !ok {
			return nil
		}
		answer(k + 1 + r.IntN(max(1, T-e-1)))
	case czWithdrawn:
		step(1+r.IntN(max(1, T-1)), "withdraw", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.Withdraw(ctx, clerk, c.id, "El peticionario desiste de su solicitud", at); err != nil {
				return err
			}
			env.Count("pqrsd_withdrawn", 1)
			return nil
		})
	case czOnTime:
		x := (r.Float64() + r.Float64()) / 2
		if c.dep == "infraestructura" {
			x = 0.3 + 0.7*x
		}
		answer(min(T, 1+int(x*float64(T))))
	case czLate:
		answer(T + 1 + min(30, int(r.ExpFloat64()*5)))
	case czExtended:
		e := max(1, T-r.IntN(5))
		newTerm := T + 3 + r.IntN(max(1, T-2))
		newDue := p.addBiz(env, c.filed, newTerm)
		reason := czExtReasons[r.IntN(len(czExtReasons))]
		if _, ok := step(e, "extend", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.Extend(ctx, clerk, c.id, citizen.ExtendInput{NewDue: newDue, Reason: reason}, at); err != nil {
				return err
			}
			env.Count("pqrsd_extended", 1)
			return nil
		}); !ok {
			return nil
		}
		if r.Float64() < 0.88 {
			answer(e + 1 + r.IntN(newTerm-e))
		} else {
			answer(newTerm + 1 + r.IntN(8))
		}
	case czForwarded:
		f := 1 + r.IntN(5)
		if r.Float64() < 0.15 {
			f = 6 + r.IntN(4) // after the five days of art. 21
		}
		d, ok := step(f, "forward", func(ctx context.Context, env *Env, at time.Time) error {
			out, err := p.svc.Forward(ctx, clerk, c.id, c.authority, "No es competencia del municipio", at)
			if err != nil {
				return err
			}
			env.Count("pqrsd_forwarded", 1)
			if out.Forward.Late {
				env.Count("pqrsd_forwarded_late", 1)
			}
			return nil
		})
		if ok {
			closeAfter(d)
		}
	}
	return nil
}

// czAnswerText is the (generic) answer told to the citizen.
func czAnswerText(c *czCase) string {
	switch c.in.Type {
	case citizen.Queja, citizen.Reclamo:
		return "Se revisó el caso, se tomaron las medidas correctivas y se informa el resultado"
	case citizen.Sugerencia:
		return "Gracias por su sugerencia; fue remitida a la dependencia para su estudio"
	case citizen.Denuncia:
		return "La denuncia se trasladó a control interno disciplinario y se informa el radicado del proceso"
	}
	return "Respuesta de fondo con la información y los requisitos solicitados"
}

// planYear schedules the value chain's work around the PQRSD: the
// characterisation, the strategy, the spaces and their commitments, the
// offer analysis and adjustment, and the baselines.
func (p *citizenDemo) planYear(env *Env) {
	day := func(m time.Month, d int) calendar.Date { return p.biz(env, env.Day(m, d)) }
	lead, mayor := p.lead, p.mayor

	// 1. Know the citizens: registration and publication.
	for _, b := range p.regs {
		p.schedule(b.date, 9, 0, "register citizens", func(ctx context.Context, env *Env, at time.Time) error {
			for start := b.from; start < b.to; start += 1000 {
				end := min(b.to, start+1000)
				cs := make([]citizen.Citizen, 0, end-start)
				for _, x := range p.people[start:end] {
					c := x.c
					c.Registered = at.UTC()
					cs = append(cs, c)
					if c.Subject == citizen.SubjectOrganisation {
						env.Count("organisations", 1)
					} else {
						env.Count("citizens", 1)
					}
				}
				if err := p.svc.RegisterCitizens(ctx, lead, cs, at); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, d := range []calendar.Date{day(time.February, 16), day(time.August, 18), day(time.December, 14)} {
		p.schedule(d, 10, 0, "publish the characterisation", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.Publish(ctx, lead, d, env.Lang); err != nil {
				return err
			}
			env.Count("publications", 1)
			return nil
		})
	}

	// 2. The interaction strategy: socialised, observed, adjusted and
	// adopted; adjusted again after the offer adjustment.
	allDeps := make([]string, 0, len(czDeps))
	for _, d := range czDeps {
		allDeps = append(allDeps, d.id)
	}
	p.schedule(day(time.January, 20), 10, 0, "socialise strategy v1", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.SocialiseStrategy(ctx, lead, 1, allDeps, at)
		return err
	})
	for i, o := range []struct{ dep, text string }{
		{"social", "Incluir las jornadas «Alcaldía en tu vereda» como canal para la población rural"},
		{"gobierno", "Atender a víctimas y a personas con discapacidad también por WhatsApp"},
		{"hacienda", "Sumar el paz y salvo predial a la línea de trámites en línea"},
	} {
		p.schedule(day(time.January, 22+2*i), 15, 0, "observe strategy v1", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.ObserveStrategy(ctx, lead, 1, o.dep, o.text, at)
			return err
		})
	}
	p.schedule(day(time.February, 2), 9, 0, "draft strategy v2", func(ctx context.Context, env *Env, at time.Time) error {
		v1, err := p.svc.Strategy(ctx, 1)
		if err != nil {
			return err
		}
		entries := slices.Clone(v1.Entries)
		for i := range entries {
			e := &entries[i]
			e.How = slices.Clone(e.How)
			e.Offer = slices.Clone(e.Offer)
			switch e.ID {
			case "rural":
				e.How = append(e.How, "jornadas")
			case "inclusion":
				e.How = append(e.How, "whatsapp")
			case "digital":
				e.Offer = append(e.Offer, "paz-y-salvo")
			}
		}
		if _, err := p.svc.DraftStrategy(ctx, lead, entries, 1, "Observaciones de Desarrollo Social, Gobierno y Hacienda", at); err != nil {
			return err
		}
		env.Count("strategy_versions", 1)
		return nil
	})
	p.schedule(day(time.February, 4), 10, 0, "socialise strategy v2", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.SocialiseStrategy(ctx, lead, 2, []string{"social", "gobierno", "hacienda", "atencion"}, at)
		return err
	})
	p.schedule(day(time.February, 9), 11, 0, "adopt strategy v2", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.AdoptStrategy(ctx, mayor, 2, at)
		return err
	})
	p.schedule(day(time.August, 3), 9, 0, "draft strategy v3", func(ctx context.Context, env *Env, at time.Time) error {
		v2, err := p.svc.Strategy(ctx, 2)
		if err != nil {
			return err
		}
		entries := append(slices.Clone(v2.Entries), citizen.StrategyEntry{ID: "servicios-publicos", With: []string{"jovenes-digitales", "mayores-urbanos", "campesinado"},
			WhatFor: "Recibir y resolver los reportes de alumbrado y vías", How: []string{"app", "whatsapp", "telefono"}, Where: "Barrios y veredas",
			Offer: []string{"alumbrado-publico", "malla-vial"}, Indicators: []string{"dias-respuesta", "satisfaccion"}, Dependencies: []string{"infraestructura"}})
		if _, err := p.svc.DraftStrategy(ctx, lead, entries, 2, "Propuesta de ajuste a la oferta aprobada en julio: servicios públicos por la app y WhatsApp", at); err != nil {
			return err
		}
		env.Count("strategy_versions", 1)
		return nil
	})
	p.schedule(day(time.August, 5), 10, 0, "socialise strategy v3", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.SocialiseStrategy(ctx, lead, 3, []string{"infraestructura", "atencion", "gobierno"}, at)
		return err
	})
	p.schedule(day(time.August, 7), 15, 0, "observe strategy v3", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.ObserveStrategy(ctx, lead, 3, "infraestructura", "Responder los reportes de alumbrado en cinco días hábiles", at)
		return err
	})
	p.schedule(day(time.August, 12), 11, 0, "adopt strategy v3", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.AdoptStrategy(ctx, mayor, 3, at)
		return err
	})

	// 3. The interaction spaces and their commitments.
	type follow struct {
		d      calendar.Date
		note   string
		status citizen.CommitmentStatus
		result string
	}
	type comm struct {
		text, owner string
		due         calendar.Date
		follows     []follow
	}
	spaces := []struct {
		id, name, place string
		kind            citizen.SpaceKind
		date            calendar.Date
		deps            []string
		people          map[string][2]int // segment → participants range
		comms           []comm
	}{
		{id: "encuentro-la-vega", name: "Encuentro veredal del corregimiento La Vega", place: "Escuela rural La Vega", kind: citizen.SpaceParticipation,
			date: day(time.February, 20), deps: []string{"social", "agricultura", "infraestructura"},
			people: map[string][2]int{"campesinado": {30, 45}, "mayores-rurales": {10, 18}, "victimas": {4, 9}, "organizaciones": {5, 8}, "": {3, 8}},
			comms: []comm{{"Programar jornadas móviles mensuales en La Vega", "social", day(time.March, 31),
				[]follow{{day(time.March, 20), "Primera jornada realizada el 10 de marzo; quedan programadas hasta diciembre", citizen.CommitmentDone, "Jornadas programadas dos veces al mes"}}}}},
		{id: "rendicion-2025", name: "Audiencia pública de rendición de cuentas, vigencia 2025", place: "Casa de la Cultura", kind: citizen.SpaceAccountability,
			date: day(time.March, 26), deps: []string{"hacienda", "infraestructura", "planeacion", "gobierno"},
			people: map[string][2]int{"organizaciones": {25, 35}, "empresas": {8, 14}, "jovenes-digitales": {12, 20}, "mayores-urbanos": {15, 25}, "campesinado": {10, 20}, "": {40, 60}},
			comms: []comm{
				{"Abrir la línea de WhatsApp para PQRSD", "atencion", day(time.April, 30),
					[]follow{{day(time.April, 28), "Línea habilitada e integrada a la ventanilla única", citizen.CommitmentDone, "WhatsApp institucional en servicio desde el 1 de mayo"}}},
				{"Publicar la ejecución presupuestal en lenguaje claro", "hacienda", day(time.May, 29),
					[]follow{{day(time.May, 27), "Borrador en revisión de la oficina de comunicaciones", citizen.CommitmentOpen, ""},
						{day(time.June, 10), "Publicado en la sede electrónica", citizen.CommitmentDone, "Informe en lenguaje claro publicado (tarde)"}}},
				{"Mejorar la vía a la vereda El Salitre", "infraestructura", day(time.July, 31),
					[]follow{{day(time.July, 15), "Contrato de mantenimiento en trámite", citizen.CommitmentOpen, ""},
						{day(time.October, 9), "Obra suspendida por la temporada de lluvias", citizen.CommitmentOpen, ""}}},
			}},
		{id: "realimentacion-t1", name: "Mesa de realimentación con las dependencias, primer trimestre", place: "Sala de juntas", kind: citizen.SpaceFeedback,
			date: day(time.April, 24), deps: []string{"atencion", "hacienda", "infraestructura", "gobierno", "planeacion"},
			comms: []comm{{"Plan de choque para las PQRSD vencidas de Infraestructura", "infraestructura", day(time.May, 29),
				[]follow{{day(time.May, 22), "Se asignaron dos profesionales de apoyo", citizen.CommitmentDone, "Rezago reducido a la mitad"}}}}},
		{id: "mesa-juventud", name: "Mesa municipal de juventud", place: "Biblioteca pública", kind: citizen.SpaceParticipation,
			date: day(time.June, 18), deps: []string{"social", "gobierno", "educacion"},
			people: map[string][2]int{"jovenes-digitales": {35, 50}, "organizaciones": {4, 8}, "": {6, 12}},
			comms: []comm{{"Expedir el certificado de residencia en línea", "gobierno", day(time.September, 30),
				[]follow{{day(time.September, 25), "Formulario en pruebas con la oficina TIC", citizen.CommitmentOpen, ""},
					{day(time.October, 14), "Servicio publicado en la sede electrónica", citizen.CommitmentDone, "Certificado en línea desde el 14 de octubre"}}}}},
		{id: "realimentacion-t2", name: "Mesa de realimentación con las dependencias, segundo trimestre", place: "Sala de juntas", kind: citizen.SpaceFeedback,
			date: day(time.July, 23), deps: []string{"atencion", "hacienda", "infraestructura", "salud", "social"}},
		{id: "encuentro-jac", name: "Encuentro con las juntas de acción comunal", place: "Coliseo municipal", kind: citizen.SpaceParticipation,
			date: day(time.September, 10), deps: []string{"planeacion", "infraestructura", "gobierno"},
			people: map[string][2]int{"organizaciones": {30, 42}, "campesinado": {8, 15}, "mayores-urbanos": {6, 12}, "": {10, 20}},
			comms: []comm{
				{"Socializar el plan de obras por comuna y corregimiento", "planeacion", day(time.October, 30),
					[]follow{{day(time.October, 29), "Plan socializado en seis reuniones", citizen.CommitmentDone, "Plan de obras publicado"}}},
				{"Ejercicio de presupuesto participativo 2027", "planeacion", day(time.November, 27),
					[]follow{{day(time.November, 13), "El concejo no aprobó la partida", citizen.CommitmentDropped, "Aplazado a 2027 por falta de recursos"}}},
			}},
		{id: "realimentacion-t3", name: "Mesa de realimentación con las dependencias, tercer trimestre", place: "Sala de juntas", kind: citizen.SpaceFeedback,
			date: day(time.October, 22), deps: []string{"atencion", "hacienda", "infraestructura", "transito"},
			comms: []comm{{"Reducir los días de respuesta de Hacienda y Tránsito", "hacienda", day(time.December, 11), nil}}},
		{id: "dialogo-avances", name: "Diálogo de rendición de cuentas: avances del plan de desarrollo", place: "Casa de la Cultura y transmisión en redes", kind: citizen.SpaceAccountability,
			date: day(time.November, 26), deps: []string{"planeacion", "hacienda", "social", "infraestructura"},
			people: map[string][2]int{"organizaciones": {18, 28}, "jovenes-digitales": {20, 35}, "mayores-urbanos": {10, 18}, "victimas": {5, 10}, "": {30, 50}},
			comms:  []comm{{"Informe de cierre de gobierno en lenguaje claro", "planeacion", calendar.Date{Year: env.Year + 1, Month: time.February, Day: 27}, nil}}},
	}
	for _, sp := range spaces {
		parts := map[string]int{}
		for _, seg := range []string{"victimas", "discapacidad", "organizaciones", "empresas", "mayores-rurales", "campesinado", "jovenes-digitales", "mayores-urbanos", ""} {
			if rng, ok := sp.people[seg]; ok {
				parts[seg] = rng[0] + env.Rand.IntN(rng[1]-rng[0]+1)
			}
		}
		p.schedule(sp.date, 16, 0, "record space "+sp.id, func(ctx context.Context, env *Env, at time.Time) error {
			s := citizen.Space{ID: sp.id, Kind: sp.kind, Name: sp.name, Date: sp.date, Place: sp.place, Dependencies: sp.deps}
			if len(parts) > 0 {
				s.Participants = parts
			}
			if sp.kind == citizen.SpaceFeedback {
				fb, err := p.svc.FeedbackList(ctx, env.Day(time.January, 1), sp.date)
				if err != nil {
					return err
				}
				for _, f := range fb {
					s.Feedback = append(s.Feedback, f.ID)
				}
				s.Summary = fmt.Sprintf("Se revisaron %d señales de realimentación de los indicadores", len(fb))
			}
			var ncs []citizen.NewCommitment
			for _, c := range sp.comms {
				ncs = append(ncs, citizen.NewCommitment{Text: c.text, Owner: c.owner, Due: c.due})
			}
			rec, err := p.svc.RecordSpace(ctx, lead, s, ncs)
			if err != nil {
				return err
			}
			env.Count("spaces", 1)
			env.Count("spaces_"+string(sp.kind), 1)
			env.Count("commitments", len(rec.Commitments))
			for _, n := range parts {
				env.Count("participants", n)
			}
			return nil
		})
		for i, c := range sp.comms {
			id := fmt.Sprintf("%s/%d", sp.id, i+1)
			for _, f := range c.follows {
				p.schedule(f.d, 12, 0, "follow up "+id, func(ctx context.Context, env *Env, at time.Time) error {
					out, err := p.svc.FollowUpCommitment(ctx, lead, id, f.note, f.status, f.result, f.d)
					if err != nil {
						return err
					}
					env.Count("commitment_follow_ups", 1)
					switch out.Status {
					case citizen.CommitmentDone:
						env.Count("commitments_done", 1)
					case citizen.CommitmentDropped:
						env.Count("commitments_dropped", 1)
					}
					return nil
				})
			}
		}
	}

	// 4. The offer: analysed in April and November, the adjustment
	// proposed in July and December and approved by the mayor.
	type score struct {
		compliant           bool
		note                string
		relevance, quality  int
		alignment           int
		qualityNov, alignNo int
	}
	scores := map[string]score{
		"impuesto-predial":        {true, "", 5, 3, 5, 4, 5},
		"industria-comercio":      {true, "", 4, 3, 5, 3, 5},
		"paz-y-salvo":             {true, "", 4, 4, 4, 4, 4},
		"licencia-construccion":   {true, "", 5, 2, 4, 3, 4},
		"uso-del-suelo":           {true, "", 4, 3, 4, 3, 4},
		"certificado-residencia":  {false, "Exige una declaración extrajuicio que la ley no pide", 4, 2, 3, 4, 3},
		"estratificacion":         {true, "", 3, 4, 3, 4, 3},
		"sisben":                  {true, "", 5, 3, 5, 4, 5},
		"colombia-mayor":          {true, "", 5, 3, 5, 3, 5},
		"atencion-victimas":       {true, "", 5, 4, 5, 4, 5},
		"cupo-escolar":            {true, "", 5, 4, 4, 4, 4},
		"afiliacion-salud":        {true, "", 5, 3, 4, 3, 4},
		"alumbrado-publico":       {true, "", 4, 2, 3, 3, 4},
		"malla-vial":              {true, "", 5, 2, 4, 2, 4},
		"asistencia-agropecuaria": {true, "", 4, 3, 5, 4, 5},
		"poda-arboles":            {false, "El trámite duplica el permiso de la autoridad ambiental", 2, 3, 2, 3, 2},
		"permiso-eventos":         {true, "", 3, 4, 3, 4, 3},
		"comparendos":             {true, "", 4, 3, 3, 3, 3},
		"info-contratos":          {true, "", 5, 4, 5, 4, 5},
		"info-presupuesto":        {true, "", 4, 4, 5, 4, 5},
	}
	for _, round := range []struct {
		d   calendar.Date
		nov bool
	}{{day(time.April, 21), false}, {day(time.November, 17), true}} {
		p.schedule(round.d, 10, 0, "assess the offer", func(ctx context.Context, env *Env, at time.Time) error {
			for _, it := range czOffer {
				sc := scores[it.id]
				a := citizen.Assessment{Item: it.id, Date: round.d, Compliant: sc.compliant, LegalNote: sc.note, Relevance: sc.relevance,
					Quality: sc.quality, Alignment: sc.alignment}
				if round.nov {
					a.Quality, a.Alignment = sc.qualityNov, sc.alignNo
					if it.id == "certificado-residencia" {
						a.Compliant, a.LegalNote, a.Notes = true, "", "Requisito suprimido y certificado en línea desde octubre"
					}
				}
				if _, err := p.svc.Assess(ctx, lead, a); err != nil {
					return err
				}
				env.Count("assessments", 1)
			}
			return nil
		})
	}
	for _, pr := range []struct{ propose, approve, to calendar.Date }{
		{day(time.July, 6), day(time.July, 13), env.MonthEnd(time.June)},
		{day(time.December, 14), day(time.December, 18), env.MonthEnd(time.November)},
	} {
		var id string
		p.schedule(pr.propose, 10, 30, "propose the offer adjustment", func(ctx context.Context, env *Env, at time.Time) error {
			out, err := p.svc.ProposeAdjustment(ctx, lead, env.Day(time.January, 1), pr.to, pr.propose)
			if err != nil {
				return err
			}
			id = out.ID
			env.Count("adjustment_proposals", 1)
			return nil
		})
		p.schedule(pr.approve, 11, 0, "approve the offer adjustment", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.ApproveAdjustment(ctx, mayor, id, pr.approve); err != nil {
				return err
			}
			env.Count("adjustments_approved", 1)
			return nil
		})
	}

	// 5. Follow-up: the baselines (the 2025 figures).
	baseDay := day(time.January, 15)
	p.schedule(baseDay, 9, 0, "set baselines", func(ctx context.Context, env *Env, at time.Time) error {
		for _, b := range []struct {
			id    string
			value float64
		}{{"oportunidad", 0.81}, {"dias-respuesta", 11.6}, {"satisfaccion", 3.8}, {"canales-digitales", 0.38}, {"compromisos-cumplidos", 0.6}} {
			if _, err := p.svc.SetBaseline(ctx, lead, citizen.Baseline{Indicator: b.id, Value: b.value, Date: baseDay, Note: "Vigencia 2025"}); err != nil {
				return err
			}
			env.Count("baselines", 1)
		}
		return nil
	})
}

// Month runs the month day by day (each day's steps, then the day's
// filings: the counter's in one Import by a clerk, the intake job's in
// another, the desk's tickets filed from the ticket system), measures the
// indicators and runs the periodic job at the month's last day.
func (p *citizenDemo) Month(ctx context.Context, env *Env, m time.Month) error {
	end := env.MonthEnd(m)
	for d := env.Day(m, 1); !d.After(end); d = d.AddDays(1) {
		acts := p.acts[d]
		slices.SortFunc(acts, func(a, b czAct) int {
			if c := (a.hour*60 + a.min) - (b.hour*60 + b.min); c != 0 {
				return c
			}
			return a.seq - b.seq
		})
		for _, a := range acts {
			p.now = p.at(d, a.hour, a.min)
			if err := a.do(ctx, env, p.now); err != nil {
				return fmt.Errorf("%s: %s: %w", d, a.what, err)
			}
		}
		delete(p.acts, d)
		if err := p.fileDay(ctx, env, d); err != nil {
			return fmt.Errorf("%s: filing: %w", d, err)
		}
	}
	if err := p.continueExOfficio(ctx, env, m); err != nil { // Ley 1755 de 2015, art. 18 (citizen_leftovers.go)
		return fmt.Errorf("%s: ex officio: %w", end, err)
	}
	if err := p.measure(ctx, env, m); err != nil {
		return fmt.Errorf("%s: indicators: %w", end, err)
	}
	sum, err := p.svc.Run(ctx, p.job, end)
	if err != nil {
		return fmt.Errorf("%s: run: %w", end, err)
	}
	env.Count("runs", 1)
	env.Count("alerts_overdue", sum.NewOverdue)
	env.Count("alerts_due_soon", sum.NewDueSoon)
	env.Count("alerts_commitment_overdue", sum.NewCommitmentsOverdue)
	env.Count("feedback", sum.NewFeedback)
	env.Count("pqrsd_tacit_withdrawals", sum.TacitWithdrawals)
	env.Count("skills_overdue_told", sum.NewSkillsOverdue)
	env.Count("strategy_unassigned_told", sum.NewStrategyUnassigned)
	if m == time.December {
		env.Count("pqrsd_overdue_at_year_end", sum.Overdue)
		env.Count("commitments_overdue_at_year_end", sum.CommitmentsOverdue)
	}
	return nil
}

// fileDay files the PQRSD received on d.
func (p *citizenDemo) fileDay(ctx context.Context, env *Env, d calendar.Date) error {
	var counter, intake []*czCase
	var tickets []*czCase
	for _, c := range p.filings[d] {
		switch {
		case c.ticket:
			tickets = append(tickets, c)
		case czCounter(c.in.Channel):
			counter = append(counter, c)
		default:
			intake = append(intake, c)
		}
	}
	file := func(a relaciona.Actor, cs []*czCase, at time.Time) error {
		if len(cs) == 0 {
			return nil
		}
		ns := make([]citizen.NewPQRSD, len(cs))
		for i, c := range cs {
			ns[i] = c.in
		}
		out, err := p.svc.Import(ctx, a, ns, at)
		if err != nil {
			return err
		}
		for i, c := range cs {
			c.id = out[i].ID
			if out[i].Priority != nil {
				env.Count("pqrsd_priority", 1)
			}
			if out[i].Authority != "" {
				env.Count("pqrsd_from_authority", 1)
			}
		}
		env.Count("pqrsd", len(cs))
		env.Count("pqrsd_imported", len(cs))
		return nil
	}
	if err := file(p.clerks[d.Day%len(p.clerks)], counter, p.at(d, 18, 30)); err != nil {
		return err
	}
	if err := file(p.job, intake, p.at(d, 23, 55)); err != nil {
		return err
	}
	if len(tickets) == 0 {
		return nil
	}
	ts := make([]driver.Ticket, len(tickets))
	for i, c := range tickets {
		ts[i] = driver.Ticket{Queue: p.cfg.PQRSD.Tickets.Queue, Subject: c.in.Subject, Body: c.in.Description, Requester: c.in.Requester.Email,
			Fields:  map[string]string{"pqrsd_type": string(c.in.Type), "request_kind": string(c.in.Kind), "offer_item": c.in.Offer},
			Created: c.in.FiledAt, Updated: c.in.FiledAt}
		if ts[i].Body == "" {
			ts[i].Body = "Radicada por la mesa de ayuda"
		}
	}
	// The desk's bulk import keeps the tickets' historical creation times.
	p.now = p.at(d, 23, 58)
	stored, err := p.desk.Import(ctx, ts)
	if err != nil {
		return err
	}
	env.Count("desk_tickets", len(stored))
	for i, c := range tickets {
		got, err := p.svc.FileFromTicket(ctx, p.job, stored[i].ID, p.at(d, 23, 58))
		if err != nil {
			return err
		}
		c.id = got.ID
		env.Count("pqrsd", 1)
		env.Count("pqrsd_from_tickets", 1)
	}
	return nil
}

// measure records the month's measurements: the PQRSD indicators over the
// previous month's filings (most are answered a month later), the
// satisfaction survey, the share of digital channels and, each quarter,
// the commitments kept.
func (p *citizenDemo) measure(ctx context.Context, env *Env, m time.Month) error {
	end := env.MonthEnd(m)
	r := env.Rand
	if m > time.January {
		for _, id := range []string{"oportunidad", "dias-respuesta"} {
			if _, err := p.svc.MeasurePQRSD(ctx, p.lead, id, env.Day(m-1, 1), env.MonthEnd(m-1), end); err != nil {
				return err
			}
			env.Count("measurements", 1)
		}
	}
	sat := math.Round((3.75+0.045*float64(m)+0.3*(r.Float64()-0.5))*100) / 100
	if m == time.December {
		sat -= 0.2 // the December rush
	}
	digital := float64(p.monthDigit[m]) / float64(max(1, p.monthCases[m]))
	for _, x := range []citizen.Measurement{
		{Indicator: "satisfaccion", Date: end, Value: sat, Note: "Encuesta de salida en ventanilla y por WhatsApp"},
		{Indicator: "canales-digitales", Date: end, Value: math.Round(digital*1000) / 1000, From: env.Day(m, 1), To: end, Count: p.monthCases[m]},
	} {
		if _, err := p.svc.RecordMeasurement(ctx, p.lead, x); err != nil {
			return err
		}
		env.Count("measurements", 1)
	}
	if m%3 == 0 {
		spaces, err := p.svc.Spaces(ctx, env.Day(time.January, 1), end)
		if err != nil {
			return err
		}
		due, done := 0, 0
		for _, sp := range spaces {
			cs, err := p.svc.Commitments(ctx, sp.ID)
			if err != nil {
				return err
			}
			for _, c := range cs {
				if c.Due.After(end) || c.Status == citizen.CommitmentDropped {
					continue
				}
				due++
				if c.Status == citizen.CommitmentDone {
					done++
				}
			}
		}
		if due > 0 {
			if _, err := p.svc.RecordMeasurement(ctx, p.lead, citizen.Measurement{Indicator: "compromisos-cumplidos", Date: end,
				Value: float64(done) / float64(due), Count: due, Note: "Compromisos vencidos a la fecha y cumplidos"}); err != nil {
				return err
			}
			env.Count("measurements", 1)
		}
	}
	return nil
}

// czQuote writes s as a YAML double-quoted scalar (JSON string syntax is a
// subset of it).
func czQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func czList(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = czQuote(x)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// The segments: id, name, rule (YAML flow), needs, interests,
// expectations, preferences and preferred channels.
var czSegments = []struct {
	id, name, rule                  string
	needs, interests, expect, prefs string
	channels                        []string
}{
	{"victimas", "Víctimas del conflicto armado", "{variable: victima, eq: true}",
		"Orientación sobre la ruta de atención y reparación", "Ayuda humanitaria y vivienda", "Atención preferencial y sin revictimización", "Atención presencial con enfoque diferencial",
		[]string{"ventanilla", "telefono"}},
	{"discapacidad", "Personas con discapacidad", "{variable: discapacidad, eq: true}",
		"Trámites sin barreras físicas ni de comunicación", "Salud, rehabilitación y empleo", "Atención en casa o por teléfono", "Teléfono y WhatsApp",
		[]string{"telefono", "whatsapp", "ventanilla"}},
	{"organizaciones", "Organizaciones sociales y comunitarias", "{variable: tipo_org, in: [comunitaria, jac, asociacion-productores, publica]}",
		"Información de contratación y presupuesto", "Participación en la planeación y control social", "Respuestas por escrito y a tiempo", "Correo y reuniones presenciales",
		[]string{"correo", "ventanilla"}},
	{"empresas", "Empresas y comercios", "{variable: tipo_org, eq: empresa}",
		"Trámites tributarios y de uso del suelo ágiles", "Contratación y reactivación económica", "Trámites en línea de principio a fin", "Sede electrónica y correo",
		[]string{"web", "correo"}},
	{"mayores-rurales", "Personas mayores en zona rural", "{all: [{variable: edad, gte: 60}, {variable: zona, eq: rural}]}",
		"Trámites sin desplazarse a la cabecera", "Subsidios y programas sociales", "Atención en su vereda", "Atención telefónica y presencial",
		[]string{"telefono", "jornadas"}},
	{"campesinado", "Población campesina", "{all: [{variable: zona, eq: rural}, {variable: edad, exists: true}]}",
		"Vías y asistencia técnica", "Desarrollo rural y comercialización", "Presencia de la alcaldía en los corregimientos", "Jornadas en la vereda y WhatsApp",
		[]string{"jornadas", "ventanilla", "whatsapp"}},
	{"jovenes-digitales", "Jóvenes que usan canales digitales", "{all: [{variable: edad, lt: 30}, {variable: uso_digital, in: [frecuente, ocasional]}]}",
		"Respuestas rápidas", "Empleo, formación y cultura", "Trámites en línea de principio a fin", "Web, aplicación y redes sociales",
		[]string{"web", "app", "redes", "whatsapp"}},
	{"mayores-urbanos", "Personas mayores en zona urbana", "{variable: edad, gte: 60}",
		"Acompañamiento en los trámites", "Salud y programas para el adulto mayor", "Trato amable y filas cortas", "Ventanilla y teléfono",
		[]string{"ventanilla", "telefono"}},
	{"adultos-urbanos", "Otras personas de la zona urbana", "{variable: zona, eq: urbana}",
		"Trámites tributarios y certificados", "Seguridad, vías y servicios públicos", "Horarios amplios y respuestas claras", "Ventanilla, web y WhatsApp",
		[]string{"ventanilla", "web", "whatsapp"}},
}

// configYAML writes the configuration an agency would keep.
func (p *citizenDemo) configYAML(env *Env, names []string) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	q := czQuote
	w("%s\n#\n", Modeline(citizen.Kind))
	w("# Relacionamiento con la ciudadanía (MIPG) de la alcaldía de demostración,\n")
	w("# con PQRSD en los términos de la Ley 1755 de 2015 (art. 14).\n")
	w("# Generado por `relaciona demo`: nombres inventados a partir de listas cortas.\n")
	w("kind: citizen\nversion: 1\nentity: %s\n\n", q(czEntity))
	w("team:\n")
	for i, m := range czTeam {
		w("  - {id: %s, name: %s, roles: [%s]}  # %s\n", m.id, q(names[i]), strings.Join(m.roles, ", "), m.title)
	}
	w("  - {id: relaciona-run, name: %s, roles: [system]}\n\n", q("Tarea programada"))
	w("dependencies:\n")
	for _, d := range czDeps {
		w("  - {id: %s, name: %s}\n", d.id, q(d.name))
	}
	w("\nchannels:\n")
	for _, c := range czChannels {
		w("  - {id: %s, name: %s, type: %s%s}\n", c.id, q(c.name), c.typ, czChannelAccess(c.id))
	}
	w(`
variables:
  - {id: zona, name: Zona, category: geographic, applies_to: [person, organisation], type: category, values: [urbana, rural]}
  - id: sector
    name: Comuna o corregimiento
    category: geographic
    applies_to: [person, organisation]
    type: category
    values: %s
  - {id: edad, name: Edad, category: demographic, applies_to: [person], type: number, bins: [18, 30, 45, 60, 75]}
  - {id: sexo, name: Sexo, category: demographic, applies_to: [person], type: category, values: [mujer, hombre]}
  - {id: estrato, name: Estrato socioeconómico, category: demographic, applies_to: [person], type: category, values: ["1", "2", "3", "4", "5", "6"]}
  - id: etnia
    name: Pertenencia étnica
    category: demographic
    applies_to: [person]
    type: category
    values: %s
  - {id: discapacidad, name: Persona con discapacidad, category: intrinsic, applies_to: [person], type: boolean}
  - {id: victima, name: Víctima del conflicto armado, category: intrinsic, applies_to: [person], type: boolean}
  - {id: uso_digital, name: Usa canales digitales, category: behavioural, applies_to: [person, organisation], type: category, values: [frecuente, ocasional, nunca]}
  - {id: tipo_org, name: Tipo de organización, category: organisation_type, applies_to: [organisation], type: category, values: [empresa, comunitaria, jac, asociacion-productores, publica]}
`, czList(append(slices.Clone(czSectors["urbana"]), czSectors["rural"]...)), czList(func() []string {
		var out []string
		for _, e := range czEtnias {
			out = append(out, e.v)
		}
		return out
	}()))
	w("\n# Segmentos en orden: cada persona u organización queda en el primero cuya regla cumple.\nsegments:\n")
	for _, s := range czSegments {
		w("  - id: %s\n    name: %s\n    rule: %s\n", s.id, q(s.name), s.rule)
		w("    needs: [%s]\n    interests: [%s]\n    expectations: [%s]\n    preferences: [%s]\n    preferred_channels: [%s]\n",
			q(s.needs), q(s.interests), q(s.expect), q(s.prefs), strings.Join(s.channels, ", "))
		w("%s", czSegmentAccess(s.id))
	}
	w(`
characterisation:
  k: 5
  objectives:
    - Conocer a la ciudadanía y a los grupos de valor para ajustar canales y oferta
    - Focalizar la atención a la población rural, a las víctimas y a las personas con discapacidad
  responsible: planeacion
  publish: [zona, sector, edad, sexo, estrato, etnia, discapacidad, victima, uso_digital, tipo_org]

objectives:
  - {id: gobierno-abierto, name: Gobierno abierto y cercano}
  - {id: finanzas-sanas, name: Finanzas públicas sanas}
  - {id: ordenamiento, name: Ordenamiento territorial}
  - {id: inclusion, name: Inclusión social y paz}
  - {id: desarrollo-rural, name: Desarrollo rural y campesino}
  - {id: servicios, name: Servicios públicos y movilidad}

offer:
`)
	for _, it := range czOffer {
		w("  - id: %s\n    name: %s\n    kind: %s\n    dependency: %s\n    channels: [%s]\n", it.id, q(it.name), it.kind, it.dep, strings.Join(it.channels, ", "))
		if len(it.segments) > 0 {
			w("    segments: [%s]\n", strings.Join(it.segments, ", "))
		}
		if len(it.objectives) > 0 {
			w("    objectives: [%s]\n", strings.Join(it.objectives, ", "))
		}
		if it.suit != "" {
			w("    suit: %s\n", q(it.suit))
		}
		if it.legal != "" {
			w("    legal_basis: %s\n", q(it.legal))
		}
		if it.rkind != "" {
			w("    request_kind: %s\n", it.rkind)
		}
		if it.dep == "infraestructura" {
			w("    group: servicios-publicos\n")
		}
	}
	w(`
analysis:
  low_score: 3
  min_coverage: 0.6
  complaint_threshold: 60

# Términos en días hábiles (Ley 1755 de 2015, art. 14); las PQRSD de la mesa
# de ayuda llegan a su cola pqrsd.
pqrsd:
  terms: {general: 15, documents: 10, consultation: 30}
  due_soon_days: 3
  tickets: {queue: pqrsd, channel: mesa}

indicators:
  - {id: oportunidad, name: PQRSD respondidas a tiempo, kind: management, unit: percent, better: higher, target: %g, source: pqrsd_on_time, offer: [certificado-residencia, malla-vial, impuesto-predial]}
  - {id: dias-respuesta, name: Días hábiles promedio de respuesta, kind: management, unit: days, better: lower, target: 9, source: pqrsd_avg_days, offer: [licencia-construccion]}
  - {id: satisfaccion, name: Satisfacción con la atención (1 a 5), kind: experience, unit: score, better: higher, target: 4.2, offer: [certificado-residencia, colombia-mayor]}
  - {id: canales-digitales, name: PQRSD recibidas por canales digitales, kind: experience, unit: percent, better: higher, target: 0.55}
  - {id: compromisos-cumplidos, name: Compromisos de los espacios cumplidos, kind: management, unit: percent, better: higher, target: 0.8}

# Versión 1 de la estrategia de interacción: con quién, para qué, cómo, dónde.
strategy:
  entries:
    - id: rural
      with: [mayores-rurales, campesinado]
      what_for: Acercar la oferta a las veredas y corregimientos
      how: [telefono, ventanilla]
      where: Veredas, corregimientos y cabecera municipal
      offer: [sisben, colombia-mayor, asistencia-agropecuaria, certificado-residencia]
      indicators: [oportunidad, satisfaccion]
      dependencies: [atencion, social, agricultura]
    - id: digital
      with: [jovenes-digitales, empresas]
      what_for: Resolver trámites en línea de principio a fin
      how: [web, app, correo]
      where: Sede electrónica
      offer: [impuesto-predial, industria-comercio, comparendos, info-contratos]
      indicators: [canales-digitales, dias-respuesta]
      dependencies: [hacienda, transito, juridica]
    - id: inclusion
      with: [victimas, discapacidad]
      what_for: Atención preferencial y orientación con enfoque diferencial
      how: [ventanilla, telefono]
      where: Punto de atención a víctimas y ventanilla preferencial
      offer: [atencion-victimas, sisben, afiliacion-salud]
      indicators: [satisfaccion, oportunidad]
      dependencies: [gobierno, social, salud]
    - id: organizaciones
      with: [organizaciones]
      what_for: Participación en la planeación y el control social
      how: [correo, ventanilla]
      where: Salones comunales y sede de la alcaldía
      offer: [info-contratos, info-presupuesto, permiso-eventos]
      indicators: [compromisos-cumplidos]
      dependencies: [planeacion, juridica, gobierno]

open311:
  jurisdiction_id: sanisidro.example
  page_size: 50
  max_page_size: 200
  channel: app
`, czOnTimeTarget)
	return []byte(b.String())
}
