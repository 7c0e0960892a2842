package demo

import (
	"container/heap"
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
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/stakeholder"
)

// NewStakeholder returns the demo's stakeholder process (SFIA RLMT, levels
// 4 to 7; seed 000_f7cf2e5b8754cfa1.txt): the relationship team of a
// regional light-rail company building its line across eight
// municipalities and localities of the Sabana de Occidente, with 200
// stakeholders (persons and organisations, internal and external, in
// nested groups) and a directory of 24 people at SFIA levels 4 to 7.
//
//   - Setup writes stakeholder.yaml (180 stakeholders with their first
//     analysis, 18 nested groups, the directory, the escalation chain and
//     the draft engagement plan), loads it back with LoadConfig and imports
//     the register as the general manager (level 7).
//   - January: level 7 sets the principles, level 6 approves the strategy
//     and the plan.
//   - Every week, each person logs the week's interactions: the plan's
//     communications that are due (read through Due), carried out or not
//     by their owner's diligence, and ad hoc contacts on the stakeholders'
//     channels, with the public-sector seasonality (quiet January and
//     December, busy second semester). One professional carries her plan
//     items no more after a transfer in September and another is
//     overloaded, so overdue communications pile up.
//   - Twenty stakeholders appear during the year (new community boards,
//     leaders, merchants' associations, media): registered at level 4,
//     analysed at level 5, some with a new plan item approved at level 6.
//   - Issues of the four severities are opened every month; most are
//     resolved at level 4, some late at the level they reached, some by
//     the general manager at level 7, and some never: the monthly Run
//     escalates them up to level 7 and flags them overdue there.
//   - Level 6 negotiates agreements; a quarterly survey and comments after
//     public events collect ratings; in July level 5 reassesses the key
//     stakeholders and a sample of the rest (a few become key, and level 6
//     hands most of those to a level-6 contact point in August).
//   - Governance (stakeholder_govern.go): the approach approved at level 7,
//     three most important stakeholders owned by the general manager,
//     quarterly monitoring reviews (one missing), improvement actions.
//   - The package's Run at each month end; the report is the package's, as
//     of 31 December, with the names of persons redacted.
//
// Every name is generated from small lists; no real person's data.
func NewStakeholder() Process { return &stakeholderDemo{} }

// stakeholderDemo is the stakeholder process of the demo; its state lives
// between Setup, the months and Report.
type stakeholderDemo struct {
	svc      *stakeholder.Service
	people   []*shPerson
	byPerson map[string]*shPerson
	sts      []*shStake
	byStake  map[string]*shStake
	groups   []shGroup
	members  map[string][]*shStake // group id → stakeholders in it or in a nested group
	job      relaciona.Actor
	importAt calendar.Date

	tasks   shTasks
	seq     int
	inbox   []shPending            // interactions waiting for their weekly log
	answers []stakeholder.Feedback // feedback waiting to be recorded
	risers  []*shStake             // stakeholders that become key in July
}

// shPerson is one person of the directory.
type shPerson struct {
	actor       relaciona.Actor
	title       string
	area        string
	reliability float64       // share of due plan communications carried out in the week
	leaves      calendar.Date // transferred out: carries out nothing from then on
}

// shStake is how one stakeholder behaves in the demo.
type shStake struct {
	id, name     string
	typ          stakeholder.Type
	internal     bool
	group        string
	area         string
	place        int // index in shPlaces, -1 when none
	channels     []string
	contactPoint string
	contacts     []stakeholder.Contact
	prof         string // the level-4 professional who handles the routine contact

	power, interest, legitimacy, urgency int
	current, desired                     stakeholder.Engagement
	mood, mood0                          float64 // latent attitude, -2 to 2

	late       bool          // registered during the year
	regDate    calendar.Date // registration (the import date for the YAML register)
	registered bool
}

func (s *shStake) key() bool { return s.power >= 3 && s.interest >= 3 }

// shItem is a plan item as the demo sees it.
type shItem struct {
	id, stakeholder, group, channel, owner string
}

// shGroup is a group of the register.
type shGroup struct {
	id, name, parent, area string
	internal               bool
	needs                  []string
}

// shPending is an interaction waiting for its author's weekly log.
type shPending struct {
	by string
	it stakeholder.Interaction
}

// shTask is a dated step; tasks run in (date, seq) order.
type shTask struct {
	at   calendar.Date
	seq  int
	what string
	do   func(ctx context.Context, env *Env) error
}

type shTasks []shTask

func (t shTasks) Len() int { return len(t) }
func (t shTasks) Less(i, j int) bool {
	if c := t[i].at.Compare(t[j].at); c != 0 {
		return c < 0
	}
	return t[i].seq < t[j].seq
}
func (t shTasks) Swap(i, j int) { t[i], t[j] = t[j], t[i] }
func (t *shTasks) Push(x any)   { *t = append(*t, x.(shTask)) }
func (t *shTasks) Pop() any {
	old := *t
	x := old[len(old)-1]
	*t = old[:len(old)-1]
	return x
}

// The places of the line: six municipalities and two localities of Bogotá.
var shPlaces = []struct {
	key, name string
	local     bool
}{
	{"facatativa", "Facatativá", false}, {"el-rosal", "El Rosal", false}, {"bojaca", "Bojacá", false}, {"madrid", "Madrid", false},
	{"mosquera", "Mosquera", false}, {"funza", "Funza", false}, {"fontibon", "Fontibón", true}, {"engativa", "Engativá", true},
}

var shBarrios = []string{"El Carmen", "San Rafael", "La Esperanza", "Villa del Prado", "El Centro", "Santa Rita", "Los Alpes",
	"La Estación", "San Antonio", "El Porvenir", "Las Américas", "La Florida", "Villa María", "El Recreo", "Santa Lucía",
	"Los Pinos", "La Aurora", "El Triunfo", "San Jorge", "La Pradera", "Los Cerezos", "Brisas del Río", "El Mirador",
	"La Primavera", "San Mateo", "Villa Nueva", "El Bosque", "Nueva Esperanza", "La Libertad", "Portal del Sol",
	"Los Almendros", "El Jardín", "Santa Clara", "La Campiña", "Villa Sofía"}

var shSectors = []string{"Centro", "La Estación", "Plaza de Mercado", "Avenida Férrea", "Calle Real", "El Puente", "San Francisco"}

var (
	shFirstNames = []string{"María Fernanda", "Luz Marina", "Diana Carolina", "Ana Milena", "Sandra Patricia", "Yolanda", "Paola Andrea",
		"Claudia Marcela", "Gloria Inés", "Natalia", "Jorge Enrique", "Carlos Alberto", "Luis Fernando", "Juan Camilo", "Édgar",
		"Wilson", "Óscar Javier", "Andrés Felipe", "Héctor Fabio", "John Jairo"}
	shSurnames = []string{"Rodríguez", "Gómez", "Martínez", "Hernández", "López", "García", "Ramírez", "Sánchez", "Rincón", "Forero",
		"Cubillos", "Castañeda", "Moreno", "Bohórquez", "Páez", "Pinzón", "Garzón", "Suárez", "Beltrán", "Rojas"}
)

// The directory: who holds which SFIA level, in which area.
var shDirectory = []struct {
	id, title, area string
	level           int
}{
	{"gerente-general", "Gerente general", "institucional", 7},
	{"gerente-proyecto", "Gerente del proyecto", "predial", 7},
	{"dir-relacionamiento", "Director de relacionamiento institucional", "institucional", 6},
	{"dir-social", "Directora de gestión social", "social", 6},
	{"dir-predial", "Director de gestión predial y comercial", "predial", 6},
	{"dir-comunicaciones", "Directora de comunicaciones", "comunicaciones", 6},
	{"coord-social-norte", "Coordinadora social, tramo norte", "social", 5},
	{"coord-social-sur", "Coordinador social, tramo sur", "social", 5},
	{"coord-predial", "Coordinador predial y comercial", "predial", 5},
	{"coord-institucional", "Coordinadora institucional", "institucional", 5},
	{"coord-comunicaciones", "Coordinador de comunicaciones", "comunicaciones", 5},
	{"coord-atencion", "Coordinadora de atención de asuntos", "social", 5},
	{"gestor-asuntos", "Gestor de asuntos", "social", 4},
	{"prof-social-01", "Profesional social", "social", 4},
	{"prof-social-02", "Profesional social", "social", 4},
	{"prof-social-03", "Profesional social", "social", 4},
	{"prof-social-04", "Profesional social", "social", 4},
	{"prof-social-05", "Profesional social", "social", 4},
	{"prof-social-06", "Profesional social", "social", 4},
	{"prof-predial-01", "Profesional predial", "predial", 4},
	{"prof-predial-02", "Profesional predial", "predial", 4},
	{"prof-institucional-01", "Profesional institucional", "institucional", 4},
	{"prof-comunicaciones-01", "Profesional de comunicaciones", "comunicaciones", 4},
	{"prof-comunicaciones-02", "Profesional de comunicaciones", "comunicaciones", 4},
}

// shLeaver is transferred out in September; shOverloaded carries out about
// half of what is due.
const (
	shLeaver     = "prof-social-04"
	shOverloaded = "prof-predial-02"
	shRecorder   = "coord-comunicaciones" // runs the surveys and records the feedback
	shIssueDesk  = "gestor-asuntos"
)

// The escalation chain: one owner per level.
var shChain = []struct {
	level                       int
	owner                       string
	low, medium, high, critical int
}{
	{4, "gestor-asuntos", 10, 5, 3, 1},
	{5, "coord-atencion", 10, 5, 2, 1},
	{6, "dir-social", 10, 5, 2, 1},
	{7, "gerente-general", 15, 10, 5, 2},
}

// The areas: their director (6), coordinators (5) and professionals (4).
var shAreaStaff = map[string]struct {
	dir    string
	coords []string
	profs  []string
}{
	"social":         {"dir-social", []string{"coord-social-norte", "coord-social-sur"}, []string{"prof-social-01", "prof-social-02", "prof-social-03", "prof-social-04", "prof-social-05", "prof-social-06"}},
	"predial":        {"dir-predial", []string{"coord-predial"}, []string{"prof-predial-01", "prof-predial-02"}},
	"institucional":  {"dir-relacionamiento", []string{"coord-institucional"}, []string{"prof-institucional-01"}},
	"comunicaciones": {"dir-comunicaciones", []string{"coord-comunicaciones"}, []string{"prof-comunicaciones-01", "prof-comunicaciones-02"}},
}

var shChannels = []stakeholder.Channel{
	{ID: "comite", Name: "Comité de seguimiento", Formal: true},
	{ID: "oficio", Name: "Oficio", Formal: true},
	{ID: "correo", Name: "Correo institucional", Formal: true},
	{ID: "audiencia", Name: "Audiencia pública", Formal: true},
	{ID: "recorrido", Name: "Recorrido de obra", Formal: true},
	{ID: "taller", Name: "Taller participativo", Formal: true},
	{ID: "rueda-prensa", Name: "Rueda de prensa", Formal: true},
	{ID: "telefono", Name: "Llamada", Formal: false},
	{ID: "cafe", Name: "Café de trabajo", Formal: false},
	{ID: "whatsapp", Name: "Grupo de mensajería", Formal: false},
	{ID: "visita", Name: "Visita puerta a puerta", Formal: false},
}

var shGroupList = []shGroup{
	{id: "internos", name: "Partes internas", internal: true, area: "institucional", needs: []string{"Conocer el avance del proyecto y los compromisos con la comunidad"}},
	{id: "direccion", name: "Dirección y gerencias", parent: "internos", internal: true, area: "institucional", needs: []string{"Alertas tempranas de conflictos"}},
	{id: "apoyo", name: "Áreas de apoyo", parent: "internos", internal: true, area: "institucional", needs: []string{"Requerimientos con tiempo para tramitarlos"}},
	{id: "externos", name: "Partes externas", area: "institucional"},
	{id: "gobierno", name: "Entidades de gobierno", parent: "externos", area: "institucional", needs: []string{"Informes de avance físico y financiero"}},
	{id: "municipios", name: "Alcaldías, concejos y juntas locales", parent: "gobierno", area: "institucional", needs: []string{"Coordinación de permisos y desvíos", "Información para el control político"}},
	{id: "control", name: "Órganos de control", parent: "gobierno", area: "institucional", needs: []string{"Respuesta oportuna a requerimientos"}},
	{id: "gremios", name: "Gremios y empresas", parent: "externos", area: "predial", needs: []string{"Cronograma de obras por tramo"}},
	{id: "comercio", name: "Comercio del corredor", parent: "gremios", area: "predial", needs: []string{"Acceso a los locales durante la obra", "Compensación por afectación"}},
	{id: "transporte", name: "Empresas de transporte", parent: "gremios", area: "predial", needs: []string{"Rutas alternas concertadas"}},
	{id: "comunidad", name: "Organizaciones comunitarias", parent: "externos", area: "social", needs: []string{"Aviso previo de obras en el barrio"}},
	{id: "jac", name: "Juntas de acción comunal", parent: "comunidad", area: "social", needs: []string{"Canal directo con el equipo social", "Audiencias antes de cada fase"}},
	{id: "veedurias", name: "Veedurías ciudadanas", parent: "comunidad", area: "social", needs: []string{"Acceso a la información contractual", "Recorridos de obra"}},
	{id: "lideres", name: "Líderes y lideresas sociales", parent: "comunidad", area: "social", needs: []string{"Espacios de participación seguros"}},
	{id: "academia", name: "Academia", parent: "externos", area: "comunicaciones", needs: []string{"Datos abiertos del proyecto"}},
	{id: "medios", name: "Medios de comunicación", parent: "externos", area: "comunicaciones", needs: []string{"Información oportuna y verificada"}},
	{id: "ambiental", name: "Organizaciones ambientales", parent: "externos", area: "social", needs: []string{"Seguimiento al plan de manejo ambiental"}},
	{id: "sindical", name: "Organización sindical", parent: "internos", internal: true, area: "institucional"},
}

// shTemplate generates stakeholders of one kind; the last `late` of them
// are registered during the year.
type shTemplate struct {
	prefix   string
	group    string
	typ      stakeholder.Type
	internal bool
	names    []string // fixed names; empty: generated
	nameFmt  string   // generated organisation names, with the place (and sector or barrio)
	role     string   // the contact's role (persons: their own role)
	count    int
	late     int

	power, interest, legitimacy, urgency, attitude [2]int
	current                                        []stakeholder.Engagement
	desired                                        stakeholder.Engagement
	channels                                       []string
}

// Short names of the engagement levels for the templates.
const (
	shU = stakeholder.Unaware
	shR = stakeholder.Resistant
	shN = stakeholder.Neutral
	shS = stakeholder.Supportive
	shL = stakeholder.Leading
)

var shTemplates = []shTemplate{
	{prefix: "int", group: "direccion", typ: stakeholder.Organisation, internal: true, role: "Jefe de la dependencia",
		names: []string{"Gerencia General", "Gerencia de Proyecto", "Gerencia Financiera", "Oficina Asesora de Comunicaciones", "Gerencia de Gestión Predial y Social", "Junta Directiva"},
		power: [2]int{4, 5}, interest: [2]int{4, 5}, legitimacy: [2]int{5, 5}, urgency: [2]int{2, 4}, attitude: [2]int{1, 2}, current: []stakeholder.Engagement{shS, shL}, desired: shL, channels: []string{"comite", "correo"}},
	{prefix: "junta-directiva", group: "direccion", typ: stakeholder.Person, internal: true, role: "Miembro de la junta directiva", count: 4,
		power: [2]int{4, 5}, interest: [2]int{2, 4}, legitimacy: [2]int{5, 5}, urgency: [2]int{1, 3}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shN, shS}, desired: shS, channels: []string{"comite", "correo"}},
	{prefix: "int", group: "apoyo", typ: stakeholder.Organisation, internal: true, role: "Jefe de la dependencia",
		names: []string{"Oficina Jurídica", "Oficina de Control Interno", "Dirección de Contratación", "Oficina de Planeación", "Dirección de Talento Humano", "Oficina de Atención al Ciudadano"},
		power: [2]int{2, 4}, interest: [2]int{2, 3}, legitimacy: [2]int{4, 5}, urgency: [2]int{1, 3}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shN, shS}, desired: shS, channels: []string{"correo", "comite"}},
	{prefix: "int", group: "sindical", typ: stakeholder.Organisation, internal: true, role: "Presidente del sindicato",
		names: []string{"Sindicato de Trabajadores de la Empresa"},
		power: [2]int{2, 3}, interest: [2]int{3, 4}, legitimacy: [2]int{4, 5}, urgency: [2]int{2, 4}, attitude: [2]int{-1, 0}, current: []stakeholder.Engagement{shN, shR}, desired: shN, channels: []string{"oficio", "cafe"}},
	{prefix: "gob", group: "gobierno", typ: stakeholder.Organisation, role: "Director técnico",
		names: []string{"Ministerio de Transporte", "Gobernación de Cundinamarca", "Secretaría Distrital de Movilidad", "Corporación Autónoma Regional de Cundinamarca", "Departamento Nacional de Planeación", "Agencia Nacional de Seguridad Vial", "Instituto Nacional de Vías"},
		power: [2]int{4, 5}, interest: [2]int{2, 4}, legitimacy: [2]int{5, 5}, urgency: [2]int{2, 3}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shN, shS}, desired: shS, channels: []string{"oficio", "comite", "correo"}},
	{prefix: "alcaldia", group: "municipios", typ: stakeholder.Organisation, role: "Secretario de planeación", count: 8,
		power: [2]int{4, 4}, interest: [2]int{4, 5}, legitimacy: [2]int{5, 5}, urgency: [2]int{3, 4}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shN, shS}, desired: shL, channels: []string{"comite", "oficio", "telefono"}},
	{prefix: "concejo", group: "municipios", typ: stakeholder.Organisation, role: "Secretario general", count: 8,
		power: [2]int{3, 4}, interest: [2]int{3, 5}, legitimacy: [2]int{5, 5}, urgency: [2]int{2, 4}, attitude: [2]int{-1, 1}, current: []stakeholder.Engagement{shR, shN}, desired: shS, channels: []string{"oficio", "audiencia"}},
	{prefix: "concejal", group: "municipios", typ: stakeholder.Person, role: "Concejal", count: 8,
		power: [2]int{2, 3}, interest: [2]int{3, 5}, legitimacy: [2]int{4, 5}, urgency: [2]int{3, 5}, attitude: [2]int{-2, 1}, current: []stakeholder.Engagement{shR, shN}, desired: shN, channels: []string{"telefono", "cafe", "oficio"}},
	{prefix: "control", group: "control", typ: stakeholder.Organisation, role: "Profesional de auditoría",
		names: []string{"Contraloría de Cundinamarca", "Procuraduría Provincial de Facatativá", "Defensoría del Pueblo, regional Cundinamarca", "Personería de Facatativá", "Personería de Madrid", "Personería de Mosquera", "Personería de Funza"},
		power: [2]int{4, 5}, interest: [2]int{2, 4}, legitimacy: [2]int{5, 5}, urgency: [2]int{2, 4}, attitude: [2]int{0, 0}, current: []stakeholder.Engagement{shN}, desired: shN, channels: []string{"oficio", "correo"}},
	{prefix: "gremio", group: "gremios", typ: stakeholder.Organisation, role: "Director ejecutivo",
		names: []string{"Cámara de Comercio de Facatativá", "Fenalco Cundinamarca", "Camacol Cundinamarca", "Asociación de Floricultores de la Sabana", "Consorcio Constructor Tren Sabana", "Interventoría Técnica Sabana", "Empresa de Acueducto de Mosquera", "Empresa de Energía de la Sabana", "Asociación de Parques Industriales de Occidente", "Federación de Transportadores de Carga"},
		power: [2]int{3, 4}, interest: [2]int{2, 5}, legitimacy: [2]int{3, 5}, urgency: [2]int{2, 4}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shN, shS}, desired: shS, channels: []string{"comite", "correo", "cafe"}},
	{prefix: "comercio", group: "comercio", typ: stakeholder.Organisation, role: "Presidente de la asociación", count: 17, late: 3,
		nameFmt: "Asociación de Comerciantes del sector %s (%s)",
		power:   [2]int{1, 3}, interest: [2]int{4, 5}, legitimacy: [2]int{3, 4}, urgency: [2]int{4, 5}, attitude: [2]int{-2, 0}, current: []stakeholder.Engagement{shR, shN}, desired: shS, channels: []string{"comite", "visita", "whatsapp"}},
	{prefix: "comerciante", group: "comercio", typ: stakeholder.Person, role: "Comerciante del corredor", count: 14, late: 2,
		power: [2]int{1, 2}, interest: [2]int{4, 5}, legitimacy: [2]int{2, 4}, urgency: [2]int{3, 5}, attitude: [2]int{-2, 0}, current: []stakeholder.Engagement{shU, shR, shN}, desired: shN, channels: []string{"visita", "telefono"}},
	{prefix: "transporte", group: "transporte", typ: stakeholder.Organisation, role: "Gerente",
		names: []string{"Cooperativa de Transportadores de Facatativá", "Cooperativa de Transportadores de El Rosal", "Cooperativa de Transportadores de Madrid", "Cooperativa de Transportadores de Mosquera", "Cooperativa de Transportadores de Funza", "Asociación de Taxistas de Occidente", "Empresa de Buses Intermunicipales Sabana Occidente", "Terminal de Transporte de Facatativá"},
		power: [2]int{2, 3}, interest: [2]int{3, 5}, legitimacy: [2]int{3, 4}, urgency: [2]int{3, 5}, attitude: [2]int{-1, 0}, current: []stakeholder.Engagement{shR, shN}, desired: shS, channels: []string{"comite", "telefono"}},
	{prefix: "jac", group: "jac", typ: stakeholder.Organisation, role: "Presidente de la junta", count: 35, late: 5,
		nameFmt: "Junta de Acción Comunal del barrio %s (%s)",
		power:   [2]int{1, 2}, interest: [2]int{4, 5}, legitimacy: [2]int{4, 5}, urgency: [2]int{3, 5}, attitude: [2]int{-2, 1}, current: []stakeholder.Engagement{shU, shR, shN}, desired: shS, channels: []string{"whatsapp", "audiencia", "visita"}},
	{prefix: "veeduria", group: "veedurias", typ: stakeholder.Organisation, role: "Veedor coordinador", count: 7, late: 1,
		nameFmt: "Veeduría Ciudadana del Tren Ligero en %[2]s",
		power:   [2]int{1, 3}, interest: [2]int{4, 5}, legitimacy: [2]int{5, 5}, urgency: [2]int{3, 4}, attitude: [2]int{-1, 0}, current: []stakeholder.Engagement{shN, shR}, desired: shS, channels: []string{"recorrido", "oficio"}},
	{prefix: "lider", group: "lideres", typ: stakeholder.Person, role: "Líder social", count: 21, late: 5,
		power: [2]int{1, 2}, interest: [2]int{4, 5}, legitimacy: [2]int{3, 5}, urgency: [2]int{3, 5}, attitude: [2]int{-2, 1}, current: []stakeholder.Engagement{shU, shR, shN}, desired: shS, channels: []string{"whatsapp", "telefono", "taller"}},
	{prefix: "comunidad", group: "comunidad", typ: stakeholder.Organisation, role: "Representante legal", late: 1,
		names: []string{"Asociación de Usuarios del Transporte Público de Occidente", "Colectivo Bici Sabana", "Asociación de Personas con Discapacidad de Occidente", "Red de Mujeres de la Sabana", "Asociación de Vendedores Informales de Mosquera", "Consejo Territorial de Planeación de Funza", "Asamblea de Usuarios del Corredor Férreo"},
		power: [2]int{1, 3}, interest: [2]int{3, 5}, legitimacy: [2]int{3, 5}, urgency: [2]int{2, 4}, attitude: [2]int{-1, 1}, current: []stakeholder.Engagement{shU, shN}, desired: shS, channels: []string{"taller", "correo", "whatsapp"}},
	{prefix: "academia", group: "academia", typ: stakeholder.Organisation, role: "Director de investigación",
		names: []string{"Universidad Pública de Occidente, Facultad de Ingeniería", "Instituto Tecnológico de la Sabana", "Observatorio de Movilidad Regional", "Centro de Estudios Urbanos de Cundinamarca", "SENA, regional Cundinamarca"},
		power: [2]int{1, 2}, interest: [2]int{2, 4}, legitimacy: [2]int{4, 5}, urgency: [2]int{1, 2}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shU, shN}, desired: shS, channels: []string{"correo", "taller"}},
	{prefix: "investigador", group: "academia", typ: stakeholder.Person, role: "Investigador en movilidad", count: 3,
		power: [2]int{1, 2}, interest: [2]int{2, 4}, legitimacy: [2]int{3, 4}, urgency: [2]int{1, 2}, attitude: [2]int{0, 1}, current: []stakeholder.Engagement{shU, shN}, desired: shN, channels: []string{"correo"}},
	{prefix: "medio", group: "medios", typ: stakeholder.Organisation, role: "Director periodístico", late: 2,
		names: []string{"Emisora Comunitaria Facatativá Estéreo", "Periódico El Occidental", "Canal Regional de la Sabana", "Portal Noticias Sabana Occidente", "Emisora Madrid Estéreo", "Revista Movilidad y Territorio", "Podcast Sabana al Día", "Portal Ciudadano Occidente Hoy"},
		power: [2]int{3, 4}, interest: [2]int{2, 3}, legitimacy: [2]int{3, 4}, urgency: [2]int{2, 4}, attitude: [2]int{-1, 1}, current: []stakeholder.Engagement{shN}, desired: shS, channels: []string{"rueda-prensa", "telefono", "correo"}},
	{prefix: "periodista", group: "medios", typ: stakeholder.Person, role: "Periodista regional", count: 3,
		power: [2]int{2, 3}, interest: [2]int{3, 4}, legitimacy: [2]int{3, 4}, urgency: [2]int{2, 4}, attitude: [2]int{-1, 0}, current: []stakeholder.Engagement{shN}, desired: shS, channels: []string{"telefono", "rueda-prensa"}},
	{prefix: "ambiental", group: "ambiental", typ: stakeholder.Organisation, role: "Vocera", late: 1,
		names: []string{"Fundación Humedales de la Sabana", "Mesa Ambiental de Funza", "Colectivo Río Bogotá Vivo", "Red de Huertas Urbanas de Mosquera", "Fundación Árboles del Occidente", "Veeduría Ambiental del Humedal Gualí", "Colectivo Humedal El Yulo"},
		power: [2]int{1, 3}, interest: [2]int{4, 5}, legitimacy: [2]int{4, 5}, urgency: [2]int{3, 5}, attitude: [2]int{-2, 0}, current: []stakeholder.Engagement{shR, shN}, desired: shS, channels: []string{"taller", "recorrido", "correo"}},
}

var shRoles = map[string][]string{
	"comerciante": {"Propietaria de panadería", "Propietario de ferretería", "Propietaria de droguería", "Propietario de restaurante", "Propietario de taller de motos", "Propietaria de papelería"},
	"lider":       {"Líder comunal", "Lideresa de mujeres", "Representante de víctimas", "Líder juvenil", "Representante de la comunidad afrodescendiente", "Vocera de vendedores informales", "Líder de adultos mayores", "Representante de recicladores"},
}

// Activity by month (interactions) and issues by month: a quiet January
// and December, the second semester busiest with the works.
var (
	shSeason      = [12]float64{0.5, 0.9, 1.1, 0.95, 1.1, 0.9, 0.9, 1.1, 1.2, 1.2, 1.0, 0.55}
	shIssueSeason = [12]float64{0.5, 0.8, 1.2, 1.0, 1.0, 0.8, 1.0, 1.3, 1.4, 1.3, 1.0, 0.6}
)

// Texts of the agency's own records (data, in Spanish as the agency writes
// them), by area.
var (
	shSummaries = map[string][]string{
		"social":         {"Reunión sobre el cronograma de obras del sector", "Inquietudes por los desvíos de la semana", "Explicación del plan de manejo de tráfico", "Socialización del diseño de la estación", "Atención de inquietud por ruido nocturno", "Seguimiento a compromisos de la mesa comunitaria"},
		"predial":        {"Afectaciones al comercio por los cierres", "Programa de compensación económica", "Horarios de cargue y descargue", "Mesa de transportadores", "Rutas alternas durante la obra"},
		"institucional":  {"Informe de avance del proyecto", "Coordinación de permisos de intervención vial", "Respuesta a requerimiento de información", "Mesa técnica de movilidad", "Seguimiento al convenio de cofinanciación"},
		"comunicaciones": {"Entrevista sobre el avance de obras", "Boletín de prensa", "Visita guiada a la obra", "Coordinación de foro académico", "Aclaración de información publicada"},
	}
	shIssueTitles = map[string][]string{
		"social":         {"Cierre de vía sin aviso previo a la comunidad", "Ruido nocturno de la obra", "Grietas en viviendas vecinas a la obra", "Polvo y material particulado en el barrio", "Falta de información sobre el cronograma", "Compromisos de la mesa comunitaria sin cumplir", "Daño en la red de acueducto del barrio", "Tala de árboles sin socialización"},
		"predial":        {"Caída de ventas por el cierre de la calle", "Demora en el pago de compensaciones", "Bloqueo de accesos a locales comerciales", "Desvío de rutas de buses sin concertar", "Retraso en la entrega de predios"},
		"institucional":  {"Requerimiento de control sin respuesta a tiempo", "Diferencias en el convenio de cofinanciación", "Permiso de intervención vial vencido", "Solicitud de información del concejo sin atender"},
		"comunicaciones": {"Publicación con información errada sobre la obra", "Queja por falta de acceso a la información", "Solicitud de entrevista no atendida"},
	}
	shActions = map[string][]string{
		"social":         {"Instalar señalización y avisos con ocho días de anticipación", "Reprogramar los trabajos nocturnos", "Visita técnica con el contratista", "Mesa de trabajo con la junta"},
		"predial":        {"Agilizar el pago con la gerencia financiera", "Abrir un acceso peatonal provisional", "Mesa de trabajo con los afectados", "Revisar el plan de manejo de tráfico"},
		"institucional":  {"Responder por escrito dentro del término", "Mesa técnica con la entidad", "Revisar el convenio con la oficina jurídica"},
		"comunicaciones": {"Publicar una aclaración en medios locales", "Agendar la entrevista con la gerencia", "Publicar los datos en el portal del proyecto"},
	}
	shResolutions = map[string][]string{
		"social":         {"Se atendió en mesa de trabajo y se acordaron compromisos", "Se corrigió la afectación y se verificó en campo", "Se ajustó el cronograma con la comunidad"},
		"predial":        {"Se pagó la compensación pendiente", "Se habilitó el acceso a los locales", "Se concertaron rutas alternas"},
		"institucional":  {"Se entregó la información solicitada", "Se renovó el permiso", "Se firmó el otrosí del convenio"},
		"comunicaciones": {"Se publicó la aclaración", "Se concedió la entrevista", "Se publicaron los datos solicitados"},
	}
	shLessons = map[string][]string{
		"social":         {"Avisar a la junta antes de cerrar vías", "Verificar los horarios de obra con la comunidad"},
		"predial":        {"Coordinar con la gerencia financiera antes de comprometer fechas de pago", "Concertar los cierres con el comercio una semana antes"},
		"institucional":  {"Responder los requerimientos de control con una semana de margen", "Llevar un tablero de vencimientos de permisos"},
		"comunicaciones": {"Publicar las aclaraciones el mismo día", "Tener un vocero disponible cada semana"},
	}
	shAgreements = []string{"Obras nocturnas solo de lunes a jueves en el corredor comercial", "Acceso peatonal permanente a los locales durante la obra", "Mesa mensual de seguimiento con acta pública", "Rutas alternas concertadas para el transporte intermunicipal", "Reposición de árboles en proporción de tres a uno"}
	shObjectives = map[string]string{
		"social":         "Mantener informada a la comunidad sobre las obras en su sector",
		"predial":        "Acordar medidas que reduzcan la afectación al comercio y al transporte",
		"institucional":  "Coordinar permisos, recursos y seguimiento interinstitucional",
		"comunicaciones": "Informar con oportunidad y precisión sobre el proyecto",
	}
)

// shGroupItems are the plan items aimed at a group.
var shGroupItems = []struct {
	id, group, objective, channel, freq, owner, start, end string
}{
	{"comite-interno", "direccion", "Seguimiento interno de compromisos con las partes interesadas", "comite", "biweekly", "coord-institucional", "01-21", ""},
	{"boletin-comercio", "comercio", "Informar cierres y desvíos al comercio del corredor", "correo", "biweekly", shOverloaded, "02-06", ""},
	{"whatsapp-jac", "jac", "Avisar las obras de la semana a las juntas", "whatsapp", "weekly", shLeaver, "02-03", ""},
	{"audiencia-jac", "jac", "Escuchar a las juntas antes de cada fase", "audiencia", "quarterly", "coord-social-norte", "03-10", ""},
	{"recorrido-veedurias", "veedurias", "Recorrer la obra con las veedurías", "recorrido", "monthly", "prof-social-02", "02-10", ""},
	{"rueda-prensa", "medios", "Rendir cuentas del avance ante los medios", "rueda-prensa", "bimonthly", "coord-comunicaciones", "02-18", ""},
	{"mesa-ambiental", "ambiental", "Seguimiento al plan de manejo ambiental", "taller", "bimonthly", "prof-social-06", "02-24", ""},
	{"informe-concejos", "municipios", "Informar el avance a alcaldías y concejos", "oficio", "quarterly", "coord-institucional", "03-02", ""},
	{"boletin-academia", "academia", "Compartir datos abiertos del proyecto", "correo", "monthly", "prof-comunicaciones-02", "02-12", ""},
	{"mesa-transporte", "transporte", "Concertar rutas alternas", "comite", "monthly", "prof-predial-01", "02-05", ""},
	{"informe-control", "control", "Informe trimestral a los órganos de control", "oficio", "quarterly", "prof-institucional-01", "04-01", ""},
	{"rendicion-cuentas", "externos", "Rendición de cuentas del proyecto", "audiencia", "semiannual", "dir-relacionamiento", "06-16", "12-18"},
}

func (p *stakeholderDemo) Name() string { return "stakeholder" }

// Setup builds the people and the register, writes stakeholder.yaml, loads
// it back, creates the service and imports the register.
func (p *stakeholderDemo) Setup(ctx context.Context, env *Env) error {
	if env.Year < calendar.MinYear+1 || env.Year > calendar.MaxYear-1 {
		return relaciona.Invalid("year", "year %d is outside what the stakeholder demo supports", env.Year)
	}
	*p = stakeholderDemo{byPerson: map[string]*shPerson{}, byStake: map[string]*shStake{}, members: map[string][]*shStake{}}
	p.job = relaciona.SystemActor()
	p.importAt = p.biz(env, env.Day(time.January, 13))
	p.buildPeople(env)
	p.buildRegister(env)

	cfg, err := writeConfig(env, "stakeholder.yaml", p.configYAML(env), stakeholder.LoadConfig)
	if err != nil {
		return err
	}
	if err := env.AddPeople(p.roster()...); err != nil {
		return err
	}
	if p.svc, err = stakeholder.New(env.Store, cfg, env.Cal, stakeholder.WithLang(env.Lang), stakeholder.WithDirectory(env.Directory)); err != nil {
		return err
	}
	sum, err := p.svc.Import(ctx, p.person("gerente-general"), env.At(p.importAt, 9))
	if err != nil {
		return err
	}
	for _, s := range p.sts {
		if !s.late {
			s.registered = true
		}
	}
	env.Count("people", len(p.people))
	env.Count("groups", sum.Groups)
	env.Count("stakeholders", sum.Stakeholders)
	env.Count("stakeholders_imported", sum.Stakeholders)
	env.Count("assessments", sum.Assessments)
	env.Count("plan_items", sum.PlanItems)
	p.scheduleYear(env)
	return nil
}

// buildPeople makes the directory with generated names.
func (p *stakeholderDemo) buildPeople(env *Env) {
	r := env.Rand
	for _, d := range shDirectory {
		pr := &shPerson{actor: relaciona.Actor{ID: d.id, Name: shPersonName(r), Level: d.level}, title: d.title, area: d.area,
			reliability: 0.86 + 0.12*r.Float64()}
		switch d.id {
		case shOverloaded:
			pr.reliability = 0.5
		case shLeaver:
			pr.leaves = calendar.Date{Year: env.Year, Month: time.September, Day: 1}
		}
		p.people = append(p.people, pr)
		p.byPerson[d.id] = pr
	}
}

// roster is the planning office in the demo's directory: the SFIA level
// each person's work needs, a made-up e-mail, and as manager the nearest
// person of a higher level in the same area (the general manager at the
// top); the professionals of social management read a daily digest.
func (p *stakeholderDemo) roster() []relaciona.Person {
	out := make([]relaciona.Person, 0, len(shDirectory))
	for _, d := range shDirectory {
		a := p.byPerson[d.id].actor
		x := relaciona.Person{ID: d.id, Name: a.Name, Email: staffEmail(d.id), Level: d.level, Digest: d.level == 4 && d.area == "social"}
		if d.id != "gerente-general" {
			x.Manager = "gerente-general"
			best := 8
			for _, up := range shDirectory {
				if up.area == d.area && up.level > d.level && up.level < best {
					x.Manager, best = up.id, up.level
				}
			}
		}
		out = append(out, x)
	}
	return out
}

func shPersonName(r *rand.Rand) string {
	return shFirstNames[r.IntN(len(shFirstNames))] + " " + shSurnames[r.IntN(len(shSurnames))] + " " + shSurnames[r.IntN(len(shSurnames))]
}

func (p *stakeholderDemo) person(id string) relaciona.Actor { return p.byPerson[id].actor }

// present is id, or the issue desk when id has been transferred out by d.
func (p *stakeholderDemo) present(id string, d calendar.Date) string {
	if pr := p.byPerson[id]; pr != nil && !pr.leaves.IsZero() && !d.Before(pr.leaves) {
		return shIssueDesk
	}
	return id
}

func shRange(r *rand.Rand, v [2]int) int { return v[0] + r.IntN(v[1]-v[0]+1) }

// buildRegister generates the 200 stakeholders and the group membership.
func (p *stakeholderDemo) buildRegister(env *Env) {
	r := env.Rand
	used := map[string]bool{}
	uniq := func(id string) string {
		id = shSlug(id, 60)
		base := id
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		return id
	}
	areaOf := map[string]string{}
	for _, g := range shGroupList {
		areaOf[g.id] = g.area
	}
	counters := map[string]int{}
	for _, t := range shTemplates {
		n := t.count
		if len(t.names) > 0 {
			n = len(t.names)
		}
		for i := range n {
			s := &shStake{typ: t.typ, internal: t.internal, group: t.group, area: areaOf[t.group], place: -1,
				channels: slices.Clone(t.channels), late: i >= n-t.late}
			switch {
			case len(t.names) > 0:
				s.name = t.names[i]
				s.id = uniq(t.prefix + "-" + shASCII(t.names[i]))
				for k, pl := range shPlaces {
					if strings.Contains(t.names[i], pl.name) {
						s.place = k
					}
				}
			case t.typ == stakeholder.Person:
				s.place = (i*3 + r.IntN(2)) % len(shPlaces)
				counters[t.prefix+s.placeKey()]++
				s.id = uniq(fmt.Sprintf("%s-%s-%d", t.prefix, s.placeKey(), counters[t.prefix+s.placeKey()]))
				s.name = shPersonName(r)
			case t.prefix == "alcaldia" || t.prefix == "concejo":
				s.place = i
				pl := shPlaces[i]
				switch {
				case t.prefix == "alcaldia" && pl.local:
					s.name = "Alcaldía Local de " + pl.name
				case t.prefix == "alcaldia":
					s.name = "Alcaldía Municipal de " + pl.name
				case pl.local:
					s.name = "Junta Administradora Local de " + pl.name
				default:
					s.name = "Concejo Municipal de " + pl.name
				}
				s.id = uniq(t.prefix + "-" + pl.key)
			default:
				s.place = i % len(shPlaces)
				what := ""
				switch t.prefix {
				case "jac":
					what = shBarrios[i%len(shBarrios)]
				case "comercio":
					what = shSectors[(i+i/len(shPlaces))%len(shSectors)]
				}
				s.name = fmt.Sprintf(t.nameFmt, what, shPlaces[s.place].name)
				s.id = uniq(t.prefix + "-" + shASCII(what) + "-" + s.placeKey())
			}
			role := t.role
			if rs := shRoles[t.prefix]; len(rs) > 0 {
				role = rs[r.IntN(len(rs))]
			}
			switch {
			case t.prefix == "concejal" && shPlaces[s.place].local:
				role = "Edil de " + shPlaces[s.place].name
			case t.prefix == "concejal":
				role = "Concejal de " + shPlaces[s.place].name
			}
			if s.typ == stakeholder.Person {
				s.contacts = []stakeholder.Contact{{Name: s.name, Role: role, Phone: fmt.Sprintf("+57 3%02d 555 %04d", 10+r.IntN(20), r.IntN(10000))}}
			} else {
				cn := shPersonName(r)
				s.contacts = []stakeholder.Contact{{Name: cn, Role: role, Email: shEmail(cn, s.id), Phone: fmt.Sprintf("+57 601 555 %04d", r.IntN(10000))}}
			}
			s.power, s.interest = shRange(r, t.power), shRange(r, t.interest)
			s.legitimacy, s.urgency = shRange(r, t.legitimacy), shRange(r, t.urgency)
			att := shRange(r, t.attitude)
			s.current, s.desired = t.current[r.IntN(len(t.current))], t.desired
			if s.current.Rank() > s.desired.Rank() {
				s.desired = s.current
			}
			s.mood = float64(att) + 0.3*r.NormFloat64()
			s.mood = math.Max(-2, math.Min(2, s.mood))
			s.mood0 = s.mood
			staff := shAreaStaff[s.area]
			switch {
			case s.area == "social" && s.place >= 0:
				s.prof = staff.profs[s.place%len(staff.profs)]
			default:
				s.prof = staff.profs[r.IntN(len(staff.profs))]
			}
			if !s.late {
				s.contactPoint = p.contactPointFor(r, s)
			}
			p.sts = append(p.sts, s)
			p.byStake[s.id] = s
		}
	}
	// Membership: a stakeholder is a member of its group and of every
	// group it is nested in.
	parent := map[string]string{}
	for _, g := range shGroupList {
		parent[g.id] = g.parent
	}
	for _, s := range p.sts {
		for g := s.group; g != ""; g = parent[g] {
			p.members[g] = append(p.members[g], s)
		}
	}
	// The late ones arrive through the year, two a month from February.
	var late []*shStake
	for _, s := range p.sts {
		if s.late {
			late = append(late, s)
		}
	}
	r.Shuffle(len(late), func(i, j int) { late[i], late[j] = late[j], late[i] })
	for i, s := range late {
		m := time.February + time.Month(i/2)
		s.regDate = p.biz(env, env.Day(m, 3+r.IntN(22)))
	}
	for _, s := range p.sts {
		if !s.late {
			s.regDate = p.importAt
		}
	}
}

func (s *shStake) placeKey() string {
	if s.place < 0 {
		return "sabana"
	}
	return shPlaces[s.place].key
}

// coordinator is the level-5 coordinator of the stakeholder's area.
func (s *shStake) coordinator() string {
	cs := shAreaStaff[s.area].coords
	if len(cs) == 1 || s.place < 0 {
		return cs[0]
	}
	return cs[s.place*len(cs)/len(shPlaces)]
}

// contactPointFor picks the single point of contact of a stakeholder of
// the YAML register: level 6 or 7 for a key one, the area coordinator
// (level 5) for most of the others.
func (p *stakeholderDemo) contactPointFor(r *rand.Rand, s *shStake) string {
	switch {
	case s.key() && s.power >= 5 && s.area == "institucional":
		return "gerente-general"
	case s.key() && s.power >= 5 && s.area == "predial":
		return "gerente-proyecto"
	case s.key():
		return shAreaStaff[s.area].dir
	case s.power >= 3 || s.interest >= 3:
		if r.Float64() < 0.75 {
			return s.coordinator()
		}
	case r.Float64() < 0.15:
		return s.coordinator()
	}
	return ""
}

// biz is the first business day on or after d (d itself when the year
// ends first).
func (p *stakeholderDemo) biz(env *Env, d calendar.Date) calendar.Date {
	for x := d; x.Year == d.Year; x = x.AddDays(1) {
		if env.Cal.IsBusinessDay(x) {
			return x
		}
	}
	return d
}

// addBiz adds n business days to d.
func (p *stakeholderDemo) addBiz(env *Env, d calendar.Date, n int) calendar.Date {
	out, err := env.Cal.AddBusinessDays(d, n)
	if err != nil {
		return d.AddDays(n * 7 / 5)
	}
	return out
}

// bizDays lists the business days in [from, to].
func (p *stakeholderDemo) bizDays(env *Env, from, to calendar.Date) []calendar.Date {
	var out []calendar.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if env.Cal.IsBusinessDay(d) {
			out = append(out, d)
		}
	}
	return out
}

func (p *stakeholderDemo) yearEnd(env *Env) calendar.Date { return env.MonthEnd(time.December) }

// schedule adds a task on date d; a task past the year end is dropped.
func (p *stakeholderDemo) schedule(env *Env, d calendar.Date, what string, do func(ctx context.Context, env *Env) error) {
	if d.After(p.yearEnd(env)) {
		return
	}
	p.seq++
	heap.Push(&p.tasks, shTask{at: d, seq: p.seq, what: what, do: do})
}

// runTasks runs every task dated up to end, in order, including those the
// tasks themselves schedule.
func (p *stakeholderDemo) runTasks(ctx context.Context, env *Env, end calendar.Date) error {
	for p.tasks.Len() > 0 && !p.tasks[0].at.After(end) {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := heap.Pop(&p.tasks).(shTask)
		if err := t.do(ctx, env); err != nil {
			return fmt.Errorf("%s %s: %w", t.what, t.at, err)
		}
	}
	return nil
}

// scheduleYear plans the dated steps known at the start of the year: the
// approvals, the newcomers, the surveys, the reassessment and the handover
// of new key stakeholders.
func (p *stakeholderDemo) scheduleYear(env *Env) {
	r := env.Rand
	d := p.addBiz(env, p.importAt, 1)
	p.schedule(env, d, "set principles", func(ctx context.Context, env *Env) error {
		_, err := p.svc.SetPrinciples(ctx, p.person("gerente-general"), env.At(d, 10),
			[]string{"Transparencia", "Escucha antes de decidir", "Acuerdos por escrito", "Trato igual para todas las partes"})
		return err
	})
	d2 := p.addBiz(env, d, 1)
	p.schedule(env, d2, "approve strategy", func(ctx context.Context, env *Env) error {
		_, err := p.svc.ApproveStrategy(ctx, p.person("dir-relacionamiento"), env.At(d2, 11),
			"Relaciones de confianza con comunidades, comercio e instituciones del corredor durante la construcción del tren ligero",
			[]string{"Cero cierres de vía sin aviso previo", "Todo asunto resuelto en los términos de la cadena de escalamiento", "Cerrar la mitad de las brechas de compromiso en el año"})
		return err
	})
	d3 := p.addBiz(env, d2, 1)
	p.schedule(env, d3, "approve plan", func(ctx context.Context, env *Env) error {
		n, err := p.svc.ApprovePlan(ctx, p.person("dir-relacionamiento"), env.At(d3, 15))
		env.Count("plan_items_approved", n)
		return err
	})
	for _, s := range p.sts {
		if s.late {
			p.scheduleNewcomer(env, s)
		}
	}
	for i, m := range []time.Month{time.March, time.June, time.September, time.December} {
		day := p.biz(env, env.Day(m, 2+r.IntN(6)))
		p.schedule(env, day, "feedback survey", func(ctx context.Context, env *Env) error { return p.survey(ctx, env, day, i+1) })
	}
	re := p.biz(env, env.Day(time.July, 14))
	p.schedule(env, re, "mid-year reassessment", func(ctx context.Context, env *Env) error { return p.reassess(ctx, env, re) })
	ho := p.biz(env, env.Day(time.August, 11))
	p.schedule(env, ho, "key stakeholders handover", func(ctx context.Context, env *Env) error { return p.handover(ctx, env, ho) })
	p.scheduleGovernance(env, d3) // stakeholder_govern.go
}

// scheduleNewcomer plans a stakeholder that appears during the year:
// registered by its professional (level 4), analysed by its coordinator
// (level 5) a few days later, who becomes its contact point (the area
// director, level 6, when it is key); one with high interest gets a plan
// item, approved by the area director.
func (p *stakeholderDemo) scheduleNewcomer(env *Env, s *shStake) {
	r := env.Rand
	at := s.regDate
	p.schedule(env, at, "register "+s.id, func(ctx context.Context, env *Env) error {
		_, err := p.svc.Register(ctx, p.person(s.prof), env.At(at, 10), stakeholder.Stakeholder{ID: s.id, Name: s.name, Type: s.typ,
			Internal: s.internal, Groups: []string{s.group}, Channels: s.channels, Contacts: s.contacts})
		if err == nil {
			s.registered = true
			env.Count("stakeholders", 1)
			env.Count("stakeholders_registered", 1)
		}
		return err
	})
	as := p.addBiz(env, at, 3+r.IntN(6))
	coord := s.coordinator()
	wantItem := s.interest >= 5 && r.Float64() < 0.7
	p.schedule(env, as, "assess "+s.id, func(ctx context.Context, env *Env) error {
		if _, err := p.svc.Assess(ctx, p.person(coord), env.At(as, 11), p.assessment(s, as)); err != nil {
			return err
		}
		env.Count("assessments", 1)
		cp := coord // a key one needs level 6: the area director takes it
		if s.key() {
			cp = shAreaStaff[s.area].dir
		}
		cur, err := p.svc.Get(ctx, s.id)
		if err != nil {
			return err
		}
		cur.ContactPoint = cp
		if _, err := p.svc.Register(ctx, p.person(cp), env.At(as, 12), cur); err != nil {
			return err
		}
		s.contactPoint = cp
		return nil
	})
	if !wantItem {
		return
	}
	pi := p.addBiz(env, as, 2+r.IntN(4))
	start := p.addBiz(env, pi, 8)
	item := &shItem{id: shSlug("seg-"+s.id, 64), stakeholder: s.id, channel: s.channels[0], owner: s.prof}
	p.schedule(env, pi, "plan item for "+s.id, func(ctx context.Context, env *Env) error {
		_, err := p.svc.AddPlanItem(ctx, p.person(coord), env.At(pi, 15), stakeholder.PlanItem{ID: item.id, Stakeholder: s.id,
			Objective: shObjectives[s.area], Channel: item.channel, Frequency: stakeholder.Frequency{Every: 1, Unit: stakeholder.Months},
			Owner: item.owner, Message: "El tren ligero se construye con la comunidad", Start: start})
		if err == nil {
			env.Count("plan_items", 1)
			env.Count("plan_items_added", 1)
		}
		return err
	})
	ap := p.addBiz(env, pi, 2+r.IntN(3))
	p.schedule(env, ap, "approve "+item.id, func(ctx context.Context, env *Env) error {
		n, err := p.svc.ApprovePlan(ctx, p.person(shAreaStaff[s.area].dir), env.At(ap, 16), item.id)
		env.Count("plan_items_approved", n)
		return err
	})
}

// assessment is the stakeholder's analysis on date d, from the model.
func (p *stakeholderDemo) assessment(s *shStake, d calendar.Date) stakeholder.Assessment {
	return stakeholder.Assessment{Stakeholder: s.id, Date: d, Power: s.power, Interest: s.interest, Legitimacy: s.legitimacy,
		Urgency: s.urgency, Attitude: int(math.Round(s.mood)), Current: s.current, Desired: s.desired}
}

// Month adds the month's activity and runs the process's job at its end.
func (p *stakeholderDemo) Month(ctx context.Context, env *Env, m time.Month) error {
	p.planMonth(env, m)
	p.decisionsMonth(env, m)
	end := env.MonthEnd(m)
	if err := p.runTasks(ctx, env, end); err != nil {
		return err
	}
	sum, err := p.svc.Run(ctx, p.job, end)
	if err != nil {
		return err
	}
	env.Count("runs", 1)
	env.Count("escalations", sum.Steps)
	env.Count("issues_reached_level_7", sum.ReachedFinal)
	env.Count("issues_overdue_at_level_7", sum.OverdueAtFinal)
	if m == time.December {
		env.Count("overdue_communications_at_year_end", sum.OverdueCommunications)
	}
	return nil
}

// logDays are the days the team logs its interactions: the last business
// day of each week of month m that falls in the month.
func (p *stakeholderDemo) logDays(env *Env, m time.Month) []calendar.Date {
	days := p.bizDays(env, env.Day(m, 1), env.MonthEnd(m))
	var out []calendar.Date
	for i, d := range days {
		if i == len(days)-1 || days[i+1].Weekday() <= d.Weekday() || days[i+1].AddDays(-7).After(d) {
			out = append(out, d)
		}
	}
	return out
}

// planMonth generates the month's ad hoc interactions, agreements and
// issues, and schedules the weekly logs.
func (p *stakeholderDemo) planMonth(env *Env, m time.Month) {
	r := env.Rand
	first := env.Day(m, 1)
	if m == time.January {
		first = p.addBiz(env, p.importAt, 1)
	}
	days := p.bizDays(env, first, env.MonthEnd(m))
	season := shSeason[m-1]
	rate := map[bool]map[bool]float64{true: {true: 1.6, false: 0.5}, false: {true: 0.7, false: 0.2}} // [high power][high interest]
	for _, s := range p.sts {
		ds := p.daysAfter(days, s.regDate)
		if len(ds) == 0 {
			continue
		}
		n := poisson(r, rate[s.power >= 3][s.interest >= 3]*season)
		for range n {
			d := ds[r.IntN(len(ds))]
			ch := s.channels[r.IntN(len(s.channels))]
			by := s.prof
			if s.contactPoint != "" && r.Float64() < 0.35 {
				by = s.contactPoint
			}
			if pr := p.byPerson[by]; !pr.leaves.IsZero() && !d.Before(pr.leaves) {
				by = s.coordinator()
			}
			dir := []stakeholder.Direction{stakeholder.Inbound, stakeholder.Outbound, stakeholder.TwoWay}[r.IntN(3)]
			if ch == "comite" || ch == "taller" || ch == "audiencia" || ch == "recorrido" || ch == "cafe" {
				dir = stakeholder.TwoWay
			}
			it := stakeholder.Interaction{Stakeholder: s.id, Date: d, Channel: ch, Direction: dir,
				Summary: shPick(r, shSummaries[s.area]), Sentiment: p.sentiment(r, s)}
			if dir == stakeholder.TwoWay && it.Sentiment >= 0 {
				s.mood = math.Min(2, s.mood+0.05) // a good conversation helps
			}
			if r.Float64() < 0.2 {
				it.FollowUps = []stakeholder.FollowUp{{Action: "Enviar respuesta por escrito", Owner: by, Due: p.addBiz(env, d, 5)}}
			}
			p.inbox = append(p.inbox, shPending{by: by, it: it})
			if (ch == "audiencia" || ch == "taller" || ch == "recorrido") && r.Float64() < 0.3 {
				p.answers = append(p.answers, stakeholder.Feedback{Stakeholder: s.id, Date: d, Rating: p.rating(r, s)})
			}
		}
	}
	// Agreements: level 6 negotiates with key stakeholders in the months
	// of the works' hardest phases.
	if m == time.March || m == time.May || m == time.August || m == time.October || m == time.November {
		var keys []*shStake
		for _, s := range p.sts {
			if s.key() && !s.internal && s.area != "institucional" && len(p.daysAfter(days, s.regDate)) > 0 {
				keys = append(keys, s)
			}
		}
		for range 2 + r.IntN(2) {
			if len(keys) == 0 {
				break
			}
			s := keys[r.IntN(len(keys))]
			ds := p.daysAfter(days, s.regDate)
			d := ds[r.IntN(len(ds))]
			until := d.AddDays(90 + r.IntN(180))
			if until.After(p.yearEnd(env)) {
				until = p.yearEnd(env)
			}
			s.mood = math.Min(2, s.mood+0.4)
			p.inbox = append(p.inbox, shPending{by: shAreaStaff[s.area].dir, it: stakeholder.Interaction{Stakeholder: s.id, Date: d,
				Channel: "comite", Direction: stakeholder.TwoWay, Summary: "Negociación de medidas durante la obra", Sentiment: 1 + r.IntN(2),
				Agreement: &stakeholder.Agreement{Terms: shPick(r, shAgreements), Until: until}}})
		}
	}
	// Issues.
	n := int(math.Round(9*shIssueSeason[m-1])) + r.IntN(4)
	for range n {
		s := p.issueTarget(r)
		ds := p.daysAfter(days, s.regDate)
		if len(ds) == 0 {
			continue
		}
		p.scheduleIssue(env, s, ds[r.IntN(len(ds))])
	}
	// The weekly logs.
	prev := first.AddDays(-1)
	for _, d := range p.logDays(env, m) {
		from, to := prev.AddDays(1), d
		prev = d
		if to.Before(first) {
			continue
		}
		p.schedule(env, to, "weekly log", func(ctx context.Context, env *Env) error { return p.weeklyLog(ctx, env, from, to) })
	}
}

// daysAfter returns the days strictly after d.
func (p *stakeholderDemo) daysAfter(days []calendar.Date, d calendar.Date) []calendar.Date {
	i, _ := slices.BinarySearchFunc(days, d.AddDays(1), func(a, b calendar.Date) int { return a.Compare(b) })
	return days[i:]
}

// shMonthEnd is the last day of d's month.
func shMonthEnd(d calendar.Date) calendar.Date {
	return calendar.DateOf(time.Date(d.Year, d.Month+1, 0, 12, 0, 0, 0, time.UTC))
}

func shPick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func (p *stakeholderDemo) sentiment(r *rand.Rand, s *shStake) int {
	return max(-2, min(2, int(math.Round(s.mood+0.7*r.NormFloat64()))))
}

func (p *stakeholderDemo) rating(r *rand.Rand, s *shStake) int {
	return max(1, min(5, int(math.Round(3.1+0.7*s.mood+0.8*r.NormFloat64()))))
}

// issueTarget picks the stakeholder an issue is about: the urgent, the
// resistant and the external come first.
func (p *stakeholderDemo) issueTarget(r *rand.Rand) *shStake {
	total := 0.0
	w := make([]float64, len(p.sts))
	for i, s := range p.sts {
		w[i] = float64(s.urgency) * (1.5 - s.mood/2)
		if s.internal {
			w[i] *= 0.2
		}
		total += w[i]
	}
	x := r.Float64() * total
	for i, v := range w {
		if x -= v; x < 0 {
			return p.sts[i]
		}
	}
	return p.sts[len(p.sts)-1]
}

var shSeverityMood = map[stakeholder.Severity]float64{stakeholder.Low: 0.1, stakeholder.Medium: 0.2, stakeholder.High: 0.35, stakeholder.Critical: 0.5}

// scheduleIssue plans one issue: opened by the issue desk (level 4) and
// assigned to the stakeholder's professional; maybe a corrective action;
// then resolved quickly, late, by level 7, or never.
func (p *stakeholderDemo) scheduleIssue(env *Env, s *shStake, opened calendar.Date) {
	r := env.Rand
	sev := stakeholder.Critical
	switch x := r.Float64(); {
	case x < 0.30:
		sev = stakeholder.Low
	case x < 0.68:
		sev = stakeholder.Medium
	case x < 0.90:
		sev = stakeholder.High
	}
	term := map[stakeholder.Severity]int{stakeholder.Low: shChain[0].low, stakeholder.Medium: shChain[0].medium, stakeholder.High: shChain[0].high, stakeholder.Critical: shChain[0].critical}[sev]
	assignee := p.present(s.prof, opened)
	title := shPick(r, shIssueTitles[s.area])
	// The fate: resolved on time at level 4; late, by the owner of the
	// level the month-end run moved it to, early the next month; at the
	// last stop by level 7; or never.
	var resolveAt calendar.Date
	switch x := r.Float64(); {
	case x < 0.55:
		resolveAt = p.addBiz(env, opened, 1+r.IntN(term))
	case x < 0.80:
		deadline := p.addBiz(env, opened, term)
		run := shMonthEnd(deadline)
		if !deadline.Before(run) {
			run = shMonthEnd(run.AddDays(1))
		}
		resolveAt = p.addBiz(env, run, 1+r.IntN(8))
	case x < 0.88:
		resolveAt = p.addBiz(env, opened, 30+r.IntN(30))
	}
	withAction := r.Float64() < 0.6
	actionAt := p.addBiz(env, opened, 1+r.IntN(2))
	action := stakeholder.CorrectiveAction{Action: shPick(r, shActions[s.area]), Owner: assignee, Due: p.addBiz(env, actionAt, 5+r.IntN(10))}
	lesson := ""
	if r.Float64() < 0.5 {
		lesson = shPick(r, shLessons[s.area])
	}
	resolution := shPick(r, shResolutions[s.area])
	var id string
	p.schedule(env, opened, "open issue", func(ctx context.Context, env *Env) error {
		is, err := p.svc.OpenIssue(ctx, p.person(shIssueDesk), env.At(opened, 9+r.IntN(8)), stakeholder.Issue{Stakeholder: s.id,
			Title: title, Severity: sev, Assignee: assignee})
		if err != nil {
			return err
		}
		id = is.ID
		s.mood = math.Max(-2, s.mood-shSeverityMood[sev])
		env.Count("issues", 1)
		env.Count("issues_"+string(sev), 1)
		return nil
	})
	if withAction {
		p.schedule(env, actionAt, "corrective action", func(ctx context.Context, env *Env) error {
			_, err := p.svc.AddCorrectiveAction(ctx, p.person(p.present(assignee, actionAt)), env.At(actionAt, 14), id, action)
			env.Count("corrective_actions", 1)
			return err
		})
	}
	if resolveAt.IsZero() {
		return
	}
	if resolveAt.Before(actionAt) {
		resolveAt = actionAt
	}
	p.schedule(env, resolveAt, "resolve issue", func(ctx context.Context, env *Env) error {
		is, err := p.svc.GetIssue(ctx, id)
		if err != nil {
			return err
		}
		by := is.Owner // escalated: the level's owner resolves it
		if is.Level == 4 && is.Assignee != "" {
			by = p.present(is.Assignee, resolveAt)
		}
		at := env.At(resolveAt, 16)
		if withAction {
			if _, err := p.svc.CompleteCorrectiveAction(ctx, p.person(p.present(assignee, resolveAt)), at, id, 0, resolveAt); err != nil {
				return err
			}
		}
		var lessons []string
		if lesson != "" {
			lessons = []string{lesson}
		}
		if _, err := p.svc.ResolveIssue(ctx, p.person(by), at, id, stakeholder.Resolution{Text: resolution, RootCause: shRootCauses[s.area], Lessons: lessonInputs(lessons)}); err != nil {
			return err
		}
		if is.Level <= 5 {
			s.mood = math.Min(2, s.mood+0.5*shSeverityMood[sev]+0.1)
		}
		env.Count("issues_resolved", 1)
		env.Count(fmt.Sprintf("issues_resolved_at_level_%d", is.Level), 1)
		return nil
	})
}

// weeklyLog logs the interactions of the days from..to, one batch per
// person: the plan's communications due (carried out or not, by the
// owner's diligence) and the ad hoc contacts waiting in the inbox; then
// the feedback received.
func (p *stakeholderDemo) weeklyLog(ctx context.Context, env *Env, from, to calendar.Date) error {
	r := env.Rand
	days := p.bizDays(env, from, to)
	byPerson := map[string][]stakeholder.Interaction{}
	var due []stakeholder.Communication
	for c, err := range p.svc.Due(ctx, to) {
		if err != nil {
			return err
		}
		due = append(due, c)
	}
	for _, c := range due {
		owner := p.byPerson[c.Item.Owner]
		if owner == nil || (!owner.leaves.IsZero() && !to.Before(owner.leaves)) {
			continue
		}
		diligence := owner.reliability
		if to.Month == time.December && to.Day > 14 || to.Month == time.January && to.Day < 20 {
			diligence *= 0.35 // the holidays
		}
		if r.Float64() >= diligence {
			continue
		}
		var span []calendar.Date
		for _, d := range days {
			if !d.Before(c.Scheduled) {
				span = append(span, d)
			}
		}
		if len(span) == 0 {
			continue
		}
		target := c.Item.Stakeholder
		if target == "" {
			var ms []*shStake
			for _, s := range p.members[c.Item.Group] {
				if s.registered && s.regDate.Before(span[0]) {
					ms = append(ms, s)
				}
			}
			if len(ms) == 0 {
				continue
			}
			target = ms[r.IntN(len(ms))].id
		}
		s := p.byStake[target]
		s.mood = math.Min(2, s.mood+0.15)
		dir := stakeholder.Outbound
		if ch := c.Item.Channel; ch == "comite" || ch == "audiencia" || ch == "taller" || ch == "recorrido" || ch == "rueda-prensa" {
			dir = stakeholder.TwoWay
		}
		byPerson[owner.actor.ID] = append(byPerson[owner.actor.ID], stakeholder.Interaction{Stakeholder: target,
			Date: span[r.IntN(len(span))], Channel: c.Item.Channel, Direction: dir, Summary: "Plan: " + c.Item.Objective,
			Sentiment: p.sentiment(r, s), PlanItem: c.Item.ID})
	}
	rest := p.inbox[:0]
	for _, pe := range p.inbox {
		if pe.it.Date.After(to) {
			rest = append(rest, pe)
			continue
		}
		byPerson[pe.by] = append(byPerson[pe.by], pe.it)
	}
	p.inbox = rest
	for _, pr := range p.people {
		its := byPerson[pr.actor.ID]
		if len(its) == 0 {
			continue
		}
		slices.SortStableFunc(its, func(a, b stakeholder.Interaction) int { return a.Date.Compare(b.Date) })
		out, err := p.svc.LogInteraction(ctx, pr.actor, env.At(to, 17), its...)
		if err != nil {
			return err
		}
		for _, it := range out {
			env.Count("interactions", 1)
			if it.PlanItem != "" {
				env.Count("plan_communications", 1)
			}
			if it.Agreement != nil {
				env.Count("agreements", 1)
			}
		}
	}
	var fs []stakeholder.Feedback
	restF := p.answers[:0]
	for _, f := range p.answers {
		if f.Date.After(to) {
			restF = append(restF, f)
			continue
		}
		fs = append(fs, f)
	}
	p.answers = restF
	if len(fs) > 0 {
		slices.SortStableFunc(fs, func(a, b stakeholder.Feedback) int { return a.Date.Compare(b.Date) })
		if _, err := p.svc.RecordFeedback(ctx, p.person(shRecorder), env.At(to, 18), fs...); err != nil {
			return err
		}
		env.Count("feedback", len(fs))
	}
	return nil
}

// survey sends the quarter's survey to every key stakeholder and a third
// of the rest; the answers come back over the following weeks.
func (p *stakeholderDemo) survey(ctx context.Context, env *Env, d calendar.Date, quarter int) error {
	r := env.Rand
	var to []*shStake
	for _, s := range p.sts {
		if s.registered && (s.key() || r.Float64() < 0.33) {
			to = append(to, s)
		}
	}
	ids := make([]string, len(to))
	for i, s := range to {
		ids[i] = s.id
	}
	reqs, err := p.svc.RequestFeedback(ctx, p.person(shRecorder), env.At(d, 9), d, fmt.Sprintf("Encuesta de relacionamiento, trimestre %d", quarter), ids...)
	if err != nil {
		return err
	}
	env.Count("feedback_requests", len(reqs))
	for i, req := range reqs {
		s := to[i]
		if r.Float64() >= 0.45+0.1*float64(s.current.Rank()) {
			continue
		}
		ans := p.addBiz(env, d, 2+r.IntN(20))
		if ans.After(p.yearEnd(env)) {
			continue
		}
		p.answers = append(p.answers, stakeholder.Feedback{Stakeholder: s.id, Request: req.ID, Date: ans, Rating: p.rating(r, s)})
	}
	return nil
}

// reassess is the mid-year analysis: each coordinator (level 5) reassesses
// the key stakeholders of the area and a sample of the rest. Engagement
// follows the relationship's course since January; a few stakeholders
// with a level-5 contact point gain power and become key.
func (p *stakeholderDemo) reassess(ctx context.Context, env *Env, d calendar.Date) error {
	r := env.Rand
	risers := 0
	byCoord := map[string][]stakeholder.Assessment{}
	for _, s := range p.sts {
		if !s.registered || s.regDate.After(d.AddDays(-30)) || !(s.key() || r.Float64() < 0.5) {
			continue
		}
		delta := s.mood - s.mood0 + 0.2*r.NormFloat64()
		switch rank := s.current.Rank(); {
		case delta > 0.3 && rank < stakeholder.Leading.Rank():
			s.current = stakeholder.Engagements()[rank+1]
		case delta < -0.4 && rank > stakeholder.Resistant.Rank():
			s.current = stakeholder.Engagements()[rank-1]
		}
		if s.current.Rank() > s.desired.Rank() {
			s.desired = s.current
		}
		if !s.key() && s.interest >= 4 && s.power <= 2 && risers < 4 && !s.internal && s.contactPoint != "" &&
			p.byPerson[s.contactPoint].actor.Level == 5 && r.Float64() < 0.5 {
			s.power = 3 + r.IntN(2)
			p.risers = append(p.risers, s)
			risers++
		}
		c := s.coordinator()
		byCoord[c] = append(byCoord[c], p.assessment(s, p.addBiz(env, d, r.IntN(5))))
	}
	for _, pr := range p.people {
		as := byCoord[pr.actor.ID]
		if len(as) == 0 {
			continue
		}
		if _, err := p.svc.Assess(ctx, pr.actor, env.At(p.addBiz(env, d, 5), 17), as...); err != nil {
			return err
		}
		env.Count("assessments", len(as))
		env.Count("reassessments", len(as))
	}
	env.Count("became_key", risers)
	return nil
}

// handover: level 6 hands the new key stakeholders to a level-6 contact
// point, all but the last one, which the report then flags.
func (p *stakeholderDemo) handover(ctx context.Context, env *Env, d calendar.Date) error {
	for i, s := range p.risers {
		if i == len(p.risers)-1 {
			break
		}
		cur, err := p.svc.Get(ctx, s.id)
		if err != nil {
			return err
		}
		dir := shAreaStaff[s.area].dir
		cur.ContactPoint = dir
		if _, err := p.svc.Register(ctx, p.person(dir), env.At(d, 10), cur); err != nil {
			return err
		}
		s.contactPoint = dir
		env.Count("contact_points_reassigned", 1)
	}
	return nil
}

// Report is the package's report as of 31 December, with the names of
// persons redacted as in `relaciona stakeholder report`.
func (p *stakeholderDemo) Report(ctx context.Context, env *Env) (report.Document, error) {
	return p.svc.Report(ctx, stakeholder.ReportOptions{At: p.yearEnd(env), From: env.Day(time.January, 1), To: p.yearEnd(env),
		Lang: env.Lang, Redact: true})
}

// configYAML writes the configuration an agency would keep: the directory,
// the chain, the groups, the register with its first analysis and the
// draft plan.
func (p *stakeholderDemo) configYAML(env *Env) []byte {
	r := env.Rand
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	q := shQuote
	date := func(d calendar.Date) string { return q(d.String()) }
	w("%s\n#\n", Modeline(stakeholder.Kind))
	w("# Gestión de partes interesadas (SFIA RLMT, niveles 4 a 7) de la empresa de\n")
	w("# demostración que construye el tren ligero de la Sabana de Occidente.\n")
	w("# Generado por `relaciona demo`: nombres inventados a partir de listas cortas.\n")
	w("kind: stakeholder\nversion: 1\nname: %s\n\n", q("Tren Ligero de la Sabana (demostración)"))
	w("analysis:\n  power_threshold: 3\n  interest_threshold: 3\n  salience: {power: 4, legitimacy: 4, urgency: 4}\n\n")
	w("channels:\n")
	for _, c := range shChannels {
		w("  - {id: %s, name: %s, formal: %t}\n", c.ID, q(c.Name), c.Formal)
	}
	w("\n# Las encuestas y la retroalimentación las lleva la coordinación de\n# comunicaciones (nivel 5).\npermissions:\n  record_feedback: 5\n\n")
	w("actors:\n")
	for _, pr := range p.people {
		w("  - {id: %s, name: %s, level: %d}  # %s\n", pr.actor.ID, q(pr.actor.Name), pr.actor.Level, pr.title)
	}
	w("\nescalation:\n  chain:\n")
	for _, c := range shChain {
		w("    - level: %d\n      owner: %s\n      limits: {low: %d, medium: %d, high: %d, critical: %d}\n", c.level, c.owner, c.low, c.medium, c.high, c.critical)
	}
	w("\nplan:\n  overdue_grace_days: 2\n\ngroups:\n")
	for _, g := range shGroupList {
		w("  - id: %s\n    name: %s\n", g.id, q(g.name))
		if g.internal {
			w("    internal: true\n")
		}
		if g.parent != "" {
			w("    parent: %s\n", g.parent)
		}
		if len(g.needs) > 0 {
			w("    needs: [%s]\n", shQuoteList(g.needs))
		}
	}
	w("\nstakeholders:\n")
	for _, s := range p.sts {
		if s.late {
			continue
		}
		w("  - id: %s\n    name: %s\n    type: %s\n", s.id, q(s.name), s.typ)
		if s.internal {
			w("    internal: true\n")
		}
		w("    groups: [%s]\n", s.group)
		if s.contactPoint != "" {
			w("    contact_point: %s\n", s.contactPoint)
		}
		w("    channels: [%s]\n", strings.Join(s.channels, ", "))
		w("    contacts:\n")
		for _, c := range s.contacts {
			w("      - {name: %s, role: %s", q(c.Name), q(c.Role))
			if c.Email != "" {
				w(", email: %s", q(c.Email))
			}
			w(", phone: %s}\n", q(c.Phone))
		}
		w("    assessment: {date: %s, power: %d, interest: %d, legitimacy: %d, urgency: %d, attitude: %d, current: %s, desired: %s}\n",
			date(p.importAt), s.power, s.interest, s.legitimacy, s.urgency, int(math.Round(s.mood)), s.current, s.desired)
	}
	w("\nplan_items:\n")
	item := func(it *shItem, objective, freq, message string, start, end calendar.Date) {
		w("  - id: %s\n", it.id)
		if it.stakeholder != "" {
			w("    stakeholder: %s\n", it.stakeholder)
		} else {
			w("    group: %s\n", it.group)
		}
		w("    objective: %s\n    channel: %s\n    frequency: %s\n    owner: %s\n", q(objective), it.channel, freq, it.owner)
		if message != "" {
			w("    message: %s\n", q(message))
		}
		w("    start: %s\n", date(start))
		if !end.IsZero() {
			w("    end: %s\n", date(end))
		}
	}
	md := func(s string) calendar.Date {
		d, _ := calendar.ParseDate(fmt.Sprintf("%04d-%s", env.Year, s))
		return d
	}
	for _, g := range shGroupItems {
		var end calendar.Date
		if g.end != "" {
			end = md(g.end)
		}
		item(&shItem{id: g.id, group: g.group, channel: g.channel, owner: g.owner}, g.objective, g.freq, "", md(g.start), end)
	}
	for _, s := range p.sts {
		if s.late || s.internal || !s.key() || (s.interest < 4 && s.power < 4) {
			continue
		}
		freq, owner := "monthly", s.prof
		if s.power >= 5 || s.urgency >= 5 {
			freq = "biweekly"
		}
		if s.power >= 5 {
			owner = s.coordinator()
		}
		start := p.biz(env, env.Day(time.February, 2+r.IntN(18)))
		item(&shItem{id: shSlug("seg-"+s.id, 64), stakeholder: s.id, channel: s.channels[0], owner: owner},
			shObjectives[s.area], freq, "El tren ligero se construye con la comunidad", start, calendar.Date{})
	}
	for _, s := range p.sts {
		if s.late || s.internal || s.key() || s.power < 5 {
			continue
		}
		item(&shItem{id: shSlug("inf-"+s.id, 64), stakeholder: s.id, channel: "oficio", owner: "coord-institucional"},
			"Informe trimestral de avance", "quarterly", "", p.biz(env, env.Day(time.February, 16)), calendar.Date{})
	}
	return []byte(b.String())
}

// shQuote writes s as a YAML double-quoted scalar (JSON string syntax is a
// subset of it).
func shQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func shQuoteList(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = shQuote(x)
	}
	return strings.Join(out, ", ")
}

// shASCII folds Spanish letters to ASCII and lowercases.
func shASCII(s string) string {
	return strings.ToLower(strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "ü", "u",
		"Á", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ñ", "n").Replace(s))
}

// shSlug makes an id: ASCII letters and digits joined by dashes, at most n
// characters.
func shSlug(s string, n int) string {
	var b strings.Builder
	dash := false
	for _, c := range shASCII(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > n {
		out = strings.TrimRight(out[:n], "-")
	}
	return out
}

// shEmail is a contact's made-up address: initial and first surname at the
// organisation's example domain.
func shEmail(name, orgID string) string {
	parts := strings.Fields(shASCII(name))
	local := "contacto"
	if len(parts) >= 3 {
		local = parts[0][:1] + "." + shSlug(parts[len(parts)-2], 30)
	}
	return local + "@" + shSlug(orgID, 40) + ".example.org"
}

// shRootCauses is the root cause (of stakeholder.DefaultRootCauses) an
// area's issues are resolved with.
var shRootCauses = map[string]string{"social": "communication", "predial": "coordination", "institucional": "process", "comunicaciones": "communication"}

// lessonInputs turns lesson texts into the lessons of a resolution.
func lessonInputs(texts []string) []stakeholder.LessonInput {
	var out []stakeholder.LessonInput
	for _, t := range texts {
		out = append(out, stakeholder.LessonInput{Text: t})
	}
	return out
}
